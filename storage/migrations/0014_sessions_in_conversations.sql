-- A flow's session lives in its contact's conversation row.
--
-- Both rows, keyed by the contact, were read and rewritten for every message
-- someone sends while in a flow: with messages from people all over the
-- database, each was a page of its own. Now the one row the message updates
-- anyway holds the session's state (`session`) and its wait's wake time
-- (`session_wake_at`, migration 0012's `sessions.wake_at`, with the same
-- partial index). A session without a conversation (none is expected: a
-- session starts with a message one way or the other) gets one.
--
-- `sessions` stays as a view of the conversations that have a session, for
-- anyone reading the database by hand.
ALTER TABLE conversations ADD COLUMN session TEXT;
ALTER TABLE conversations ADD COLUMN session_wake_at INTEGER;
INSERT INTO conversations (contact_id, last_message_at, updated_at, recent_at, session, session_wake_at)
SELECT contact_id, updated_at, updated_at, updated_at, state, wake_at FROM sessions WHERE true
ON CONFLICT (contact_id) DO UPDATE SET session = excluded.session, session_wake_at = excluded.session_wake_at;
DROP TABLE sessions;
CREATE INDEX conversations_wake ON conversations(session_wake_at) WHERE session_wake_at IS NOT NULL;
CREATE VIEW sessions AS
  SELECT contact_id, session AS state, session_wake_at AS wake_at FROM conversations WHERE session IS NOT NULL;
