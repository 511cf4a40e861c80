-- Contacts, their addresses on each channel, messages both ways, the outbox,
-- flow sessions and timers.
CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  opted_out INTEGER NOT NULL DEFAULT 0,
  opted_out_at INTEGER,
  fields TEXT NOT NULL DEFAULT '{}',
  groups_json TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  last_inbound_at INTEGER
);

CREATE TABLE identities (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  channel_id TEXT NOT NULL,
  address TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_inbound_at INTEGER,
  UNIQUE (channel_id, address)
);
CREATE INDEX identities_contact ON identities(contact_id);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  channel_id TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  provider_message_id TEXT,
  body TEXT NOT NULL,
  attachments TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  error TEXT NOT NULL DEFAULT '',
  segments INTEGER NOT NULL DEFAULT 0,
  author TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- A provider's retry of the same inbound message is a no-op.
CREATE UNIQUE INDEX messages_inbound_dedupe ON messages(channel_id, provider_message_id) WHERE direction = 'in';
CREATE INDEX messages_outbound_provider ON messages(channel_id, provider_message_id) WHERE direction = 'out';
CREATE INDEX messages_contact ON messages(contact_id, id);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id),
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  channel_id TEXT NOT NULL,
  address TEXT NOT NULL,
  payload TEXT NOT NULL,
  kind TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX outbox_pending ON outbox(channel_id, id) WHERE state = 'pending';
CREATE INDEX outbox_sending ON outbox(channel_id, contact_id) WHERE state = 'sending';
CREATE INDEX outbox_contact ON outbox(contact_id) WHERE state IN ('pending', 'held');

CREATE TABLE sessions (
  contact_id INTEGER PRIMARY KEY REFERENCES contacts(id),
  state TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE timers (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  UNIQUE (kind, key)
);
CREATE INDEX timers_due ON timers(due_at);
