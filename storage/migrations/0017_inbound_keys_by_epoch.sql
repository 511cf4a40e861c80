-- The inbound dedupe keys are ordered by epoch first (`message_id >> 18`, as
-- migration 0016 orders a contact's messages), then by key.
--
-- Ordered by key alone, each webhook's key went to a random place in the
-- whole table, about 20 MB a million webhooks, and under a sustained load
-- the writer read back a page of it for most webhooks once the table no
-- longer fitted its cache. New keys now go into the current epoch's part,
-- about 3 MB when full, which the cache holds.
--
-- A key is then no longer found with one search of the table. The writer
-- keeps every key in memory as well, a small Bloom filter per epoch
-- (storage/sqlite/dedupe_filter.hpp), read from this table when it opens,
-- and searches only the epochs whose filter may hold the key: for nearly
-- every new message none.
--
-- `epoch` is a column, not an expression, because it leads the primary key
-- of a table without rowids; it is always message_id >> 18.
CREATE TABLE inbound_keys_by_epoch (
  epoch INTEGER NOT NULL,
  key INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  CHECK (epoch = message_id >> 18),
  PRIMARY KEY (epoch, key, message_id)
) WITHOUT ROWID;
INSERT INTO inbound_keys_by_epoch (epoch, key, message_id)
SELECT message_id >> 18, key, message_id FROM inbound_keys ORDER BY 1, 2, 3;
DROP TABLE inbound_keys;
ALTER TABLE inbound_keys_by_epoch RENAME TO inbound_keys;
