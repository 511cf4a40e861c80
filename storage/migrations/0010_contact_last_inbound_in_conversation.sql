-- A contact's last inbound time lives in one place: its conversation row.
--
-- Every message from a person updated three rows for the same instant: the
-- identity's, the contact's and the conversation's. The conversation keeps
-- it for the inbox anyway, so the contact's copy goes, and with it an UPDATE
-- of the contact, and one more page of the log, for every message that
-- changes nothing else about the person (most of them). When messages come
-- from people all over the database, as on a busy day, each of those writes
-- is a page of its own. Stoop reads the contact's value from its conversation.
--
-- A value the contact has and its conversation lacks (or has older) moves over
-- first, so nothing shown on the contact changes.
INSERT INTO conversations (contact_id, last_message_at, last_inbound_at, updated_at)
SELECT id, last_inbound_at, last_inbound_at, last_inbound_at FROM contacts WHERE last_inbound_at IS NOT NULL
ON CONFLICT (contact_id) DO UPDATE SET
  last_inbound_at = MAX(COALESCE(last_inbound_at, excluded.last_inbound_at), excluded.last_inbound_at),
  last_message_at = MAX(last_message_at, excluded.last_message_at);

ALTER TABLE contacts DROP COLUMN last_inbound_at;
