-- The inbound dedupe index held each message's channel id and provider id
-- (Twilio's is 34 characters, at a random place in the index), and was the
-- largest share of the pages a webhook wrote. Its place is taken by a table
-- of 64-bit keys, the first 8 bytes of SHA-256 over both (stoop_dedupe_key,
-- a function of every Stoop connection), each with its message: a third of
-- the size, compared as numbers. Two ids may share a key; the insert
-- compares the exact pair, so they stay two messages. A table of its own,
-- not a column of messages, so that this upgrade writes the keys and leaves
-- every message row where it is (a column filled in took 6 s on a database
-- of 1,000,000 messages; this takes about one).
CREATE TABLE inbound_keys (
  key INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  PRIMARY KEY (key, message_id)
) WITHOUT ROWID;
INSERT INTO inbound_keys (key, message_id)
SELECT stoop_dedupe_key(channel_id, provider_message_id), id FROM messages
WHERE direction = 'in' AND provider_message_id IS NOT NULL
ORDER BY 1, 2;
DROP INDEX messages_inbound_dedupe;
