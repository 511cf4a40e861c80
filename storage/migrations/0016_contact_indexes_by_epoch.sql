-- A contact's messages and answers are indexed by epoch first, then by contact.
--
-- messages_contact and results_contact were ordered by contact: each new
-- message went to the end of its sender's run, a page of its own once people
-- have written a few dozen times, so with messages from people all over the
-- database the writer kept one page per sender of each index in its cache,
-- and read them back from the log when they no longer fitted (more than half
-- of its reads under a sustained load; docs/performance.md, "Sustained load").
--
-- Both are now ordered by epoch first: `id >> 18`, a run of 262,144 ids, then
-- by contact and id (the rowid every index entry ends with). New entries go
-- into the current epoch's part of the index, about 3.5 MB when full whatever
-- the size of the database, and the writer's cache holds it. A contact's rows
-- are found with one search of the index per epoch (epochs_cte and
-- contact_rows in storage/sqlite/repositories.hpp): four epochs at 1,000,000
-- messages.
--
-- The expression `id >> 18` is written the same way in every query that is
-- to use these indexes; SQLite uses an index on an expression only for that
-- expression.
DROP INDEX messages_contact;
CREATE INDEX messages_contact ON messages(id >> 18, contact_id);
DROP INDEX results_contact;
CREATE INDEX results_contact ON results(id >> 18, contact_id);
