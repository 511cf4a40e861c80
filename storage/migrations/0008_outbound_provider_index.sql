-- Replies are written before their provider has named them, so most rows the
-- outbound index held had no provider id: an index entry written for every
-- reply, and never looked up. A lookup always gives the id (a status callback
-- names its message), which the narrower condition still covers.
DROP INDEX messages_outbound_provider;
CREATE INDEX messages_outbound_provider ON messages(channel_id, provider_message_id)
  WHERE direction = 'out' AND provider_message_id IS NOT NULL;
