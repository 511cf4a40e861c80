-- A flow's timeout lives in its session's row: `wake_at`, the deadline of the
-- wait the session is in, written with the session itself.
--
-- Each question used to arm a stored timer (`timers`, kind `flow_timeout`,
-- keyed by contact) beside the session that the same message rewrote: with
-- messages from people all over the database, the timer's row, its key's
-- index and its due index were pages of their own, on top of the session's.
-- The scheduler now also wakes the sessions whose `wake_at` has come.
--
-- A session whose timer was set keeps its wait's deadline; one without (its
-- timer was dropped while staff had the conversation) stays without, as before.
ALTER TABLE sessions ADD COLUMN wake_at INTEGER;
UPDATE sessions SET wake_at = CASE WHEN json_valid(state) THEN json_extract(state, '$.deadline_ms') END
  WHERE EXISTS (SELECT 1 FROM timers t WHERE t.kind = 'flow_timeout' AND t.key = CAST(sessions.contact_id AS TEXT));
DELETE FROM timers WHERE kind = 'flow_timeout';
CREATE INDEX sessions_wake ON sessions(wake_at) WHERE wake_at IS NOT NULL;
