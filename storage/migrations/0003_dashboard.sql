-- The dashboard: staff and student accounts (also the people routing offers
-- requests to), teams, signed-in browser sessions, the state of each
-- conversation (one per contact), private notes, opportunities and the audit log.
CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'student')),
  password_hash TEXT NOT NULL DEFAULT '',  -- '': cannot sign in to the dashboard (text-only use)
  languages TEXT NOT NULL DEFAULT '[]',    -- JSON array of language codes
  topics TEXT NOT NULL DEFAULT '[]',       -- JSON array of request topics
  neighbourhoods TEXT NOT NULL DEFAULT '[]',
  team_id INTEGER REFERENCES teams(id),
  capacity INTEGER NOT NULL DEFAULT 3,     -- most open requests at once
  availability TEXT NOT NULL DEFAULT '{}', -- JSON object; its format belongs to routing
  on_call INTEGER NOT NULL DEFAULT 0,
  away INTEGER NOT NULL DEFAULT 0,
  reach_channel TEXT NOT NULL DEFAULT '',  -- where the bot texts this person
  reach_address TEXT NOT NULL DEFAULT '',
  failed_signins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  created_at INTEGER NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX users_team ON users(team_id);

-- The cookie carries a random token; only its SHA-256 is stored, so a copy of
-- the database does not let anyone sign in.
CREATE TABLE web_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions(user_id);

CREATE TABLE conversations (
  contact_id INTEGER PRIMARY KEY REFERENCES contacts(id),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  assignee_id INTEGER REFERENCES users(id),
  team_id INTEGER REFERENCES teams(id),
  urgent INTEGER NOT NULL DEFAULT 0,
  taken_over_by INTEGER REFERENCES users(id), -- set: the bot stays silent for this contact
  taken_over_at INTEGER,
  last_message_at INTEGER NOT NULL,
  last_inbound_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX conversations_recent ON conversations(last_message_at, contact_id);
CREATE INDEX conversations_assignee ON conversations(assignee_id);

-- Every message, from whichever path writes it (pipeline, staff, relay),
-- keeps its conversation current in the same transaction; a message from the
-- person reopens a resolved conversation, as staff expect from a help desk.
CREATE TRIGGER messages_conversation AFTER INSERT ON messages BEGIN
  INSERT INTO conversations (contact_id, last_message_at, last_inbound_at, updated_at)
  VALUES (NEW.contact_id, NEW.created_at, CASE WHEN NEW.direction = 'in' THEN NEW.created_at END, NEW.created_at)
  ON CONFLICT (contact_id) DO UPDATE SET
    last_message_at = MAX(last_message_at, excluded.last_message_at),
    last_inbound_at = COALESCE(excluded.last_inbound_at, last_inbound_at),
    status = CASE WHEN NEW.direction = 'in' THEN 'open' ELSE status END;
END;

INSERT INTO conversations (contact_id, last_message_at, last_inbound_at, updated_at)
SELECT contact_id, MAX(created_at), MAX(CASE WHEN direction = 'in' THEN created_at END), MAX(created_at)
FROM messages GROUP BY contact_id;

CREATE TABLE conversation_labels (
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  label TEXT NOT NULL,
  PRIMARY KEY (contact_id, label)
);
CREATE INDEX conversation_labels_label ON conversation_labels(label);

-- Staff-only notes on a conversation; never sent to anyone.
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  author_id INTEGER REFERENCES users(id),
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX notes_contact ON notes(contact_id, id);

-- Who held a request is routing's to fill; the dashboard shows and filters it.
ALTER TABLE requests ADD COLUMN assignee_id INTEGER REFERENCES users(id);
ALTER TABLE requests ADD COLUMN team_id INTEGER REFERENCES teams(id);
CREATE INDEX requests_assignee ON requests(assignee_id);

CREATE TABLE opportunities (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  starts_at INTEGER NOT NULL,
  ends_at INTEGER,
  slots INTEGER NOT NULL,
  languages TEXT NOT NULL DEFAULT '[]',
  skills TEXT NOT NULL DEFAULT '[]',
  team_id INTEGER REFERENCES teams(id),  -- NULL: open to every team
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX opportunities_starts ON opportunities(starts_at);

-- Who saw or changed what, when. Written in the transaction of the change it
-- records. Targets are ids, and details never hold message text or addresses,
-- so erasing a person's data leaves nothing of them here.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_user_id INTEGER,     -- NULL: the command line or the system
  actor TEXT NOT NULL,       -- "user:7", "cli", "system"
  action TEXT NOT NULL,      -- "conversation.view", "conversation.reply", ...
  target_type TEXT NOT NULL, -- "conversation", "contact", "user", ...
  target_id TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}',
  remote_address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_target ON audit_log(target_type, target_id, id);
CREATE INDEX audit_log_actor ON audit_log(actor_user_id, id);
