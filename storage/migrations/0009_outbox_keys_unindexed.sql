-- The outbox without a unique index on its idempotency keys.
--
-- Every reply wrote an entry into that index, and nothing ever looks a key
-- up: the provider is the one that compares keys. Uniqueness comes from how
-- keys are made (the time in milliseconds, then 48 random bits: see
-- bot/outbox.cpp), so the index only ever guarded against a coincidence that
-- the random bits already make negligible, at the cost of a B-tree insert,
-- and one more page to write at each commit, for every reply.
--
-- SQLite cannot drop a column's UNIQUE constraint, so the table is rebuilt
-- with everything else as it was: rows, ids, foreign keys and indexes.
CREATE TABLE outbox_rebuilt (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id),
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  channel_id TEXT NOT NULL,
  address TEXT NOT NULL,
  payload TEXT NOT NULL,
  kind TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
INSERT INTO outbox_rebuilt (id, message_id, contact_id, channel_id, address, payload, kind, idempotency_key, state,
                            attempts, next_attempt_at, last_error, created_at)
  SELECT id, message_id, contact_id, channel_id, address, payload, kind, idempotency_key, state, attempts,
         next_attempt_at, last_error, created_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox(channel_id, id) WHERE state = 'pending';
CREATE INDEX outbox_sending ON outbox(channel_id, contact_id) WHERE state = 'sending';
CREATE INDEX outbox_contact ON outbox(contact_id) WHERE state IN ('pending', 'held');
