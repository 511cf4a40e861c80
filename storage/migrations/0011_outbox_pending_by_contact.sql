-- A contact's pending replies are found through the pending index, not one of their own.
--
-- outbox_contact indexed every pending or held reply by its contact, for the
-- rare moments that look them up (STOP, an erasure, a merge of two contacts).
-- Each reply entered it when queued and left it when claimed for sending, and
-- with replies going to people all over the database each of those was a
-- page of the index of its own: two pages of the log for every reply.
--
-- The pending index now carries the contact after the id, so a STOP scans the
-- pending entries and reads only its own rows (100,000 pending replies: about
-- 7 ms); held replies, which only a closed WhatsApp window leaves, keep an
-- index by contact of their own. Queuing a reply now appends to the pending
-- index where the replies queued just before it went.
DROP INDEX outbox_contact;
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox(channel_id, id, contact_id) WHERE state = 'pending';
CREATE INDEX outbox_held ON outbox(contact_id) WHERE state = 'held';
