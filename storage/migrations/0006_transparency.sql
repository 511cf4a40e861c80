-- Transparency and data rights: what the office did about the community's
-- priorities (actions and their public steps), "you said, we did" broadcasts
-- with one row per recipient so a broadcast resumes after a restart, quotes
-- staff approved for the public page, and pending DELETE confirmations.
CREATE TABLE actions (
  id INTEGER PRIMARY KEY,
  poll TEXT NOT NULL,                    -- the flow whose answers this responds to ("priorities")
  category TEXT NOT NULL,                -- the priority it is about ("housing")
  neighbourhood TEXT NOT NULL DEFAULT '', -- '' for the whole area
  title TEXT NOT NULL,                   -- JSON object: language -> short public title
  stage TEXT NOT NULL DEFAULT 'heard' CHECK (stage IN ('heard', 'discussed', 'acting', 'done')),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Each step is public: its note is shown on /community and may be broadcast.
CREATE TABLE action_steps (
  id INTEGER PRIMARY KEY,
  action_id INTEGER NOT NULL REFERENCES actions(id),
  stage TEXT NOT NULL CHECK (stage IN ('heard', 'discussed', 'acting', 'done')),
  note TEXT NOT NULL,                    -- JSON object: language -> short public note
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX action_steps_action ON action_steps(action_id, id);

CREATE TABLE broadcasts (
  id INTEGER PRIMARY KEY,
  step_id INTEGER NOT NULL UNIQUE REFERENCES action_steps(id), -- one broadcast per step
  poll TEXT NOT NULL,
  text TEXT NOT NULL,                    -- JSON object: language -> message
  state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done')),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);

-- Chosen when the broadcast starts; each is queued (or skipped) once.
CREATE TABLE broadcast_recipients (
  broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'queued', 'opted_out', 'unreachable')),
  message_id INTEGER,                    -- the first message row queued for them
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (broadcast_id, contact_id)
);
CREATE INDEX broadcast_recipients_pending ON broadcast_recipients(broadcast_id) WHERE state = 'pending';
CREATE INDEX broadcast_recipients_contact ON broadcast_recipients(contact_id);

-- Free text reaches the public page only as a quote staff approved, rewritten
-- so that nobody can be recognised. Never linked to a person.
CREATE TABLE public_quotes (
  id INTEGER PRIMARY KEY,
  category TEXT NOT NULL DEFAULT '',
  neighbourhood TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL,
  text TEXT NOT NULL,
  approved_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL
);

-- A DELETE waiting for its confirmation.
CREATE TABLE erase_requests (
  contact_id INTEGER PRIMARY KEY REFERENCES contacts(id),
  expires_at INTEGER NOT NULL
);

CREATE INDEX messages_created ON messages(created_at);
