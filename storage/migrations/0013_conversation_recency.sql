-- The inbox's order by recency no longer moves an index entry at every message.
--
-- The index the inbox is listed by was on `last_message_at`, which every
-- message changes: each one deleted its conversation's entry (a page of its
-- own, somewhere in the middle) and added it again at the end. The index is
-- now on `recent_at`, a copy of `last_message_at` that is moved only when it
-- has fallen a minute or more behind: never later than the last message, at
-- most a minute earlier. Someone answering a flow moves it once a minute at
-- most. The inbox still lists by the exact `last_message_at`: the index finds
-- the conversations that can be on a page, a minute's worth more than the
-- page, and those are sorted (SqliteConversations::list).
ALTER TABLE conversations ADD COLUMN recent_at INTEGER NOT NULL DEFAULT 0;
UPDATE conversations SET recent_at = last_message_at;
DROP INDEX conversations_recent;
CREATE INDEX conversations_recent ON conversations(recent_at, contact_id);
