-- Lighter writes on the inbound path, where every message and each of its
-- replies pass through here.
--
-- The conversation trigger goes: a trigger makes each INSERT into messages a
-- multi-row statement, for which SQLite keeps a statement journal (a copy of
-- every page the statement touches), and that copying was a seventh of the
-- store writer's time under load. SqliteMessages now keeps the conversation
-- current itself, in the same transaction, with single-row statements.
DROP TRIGGER messages_conversation;

-- Whether a sender is a member of staff or a student is asked of every
-- message: an index instead of a scan and a sort.
CREATE INDEX users_reach ON users(reach_channel, reach_address, disabled, id);
