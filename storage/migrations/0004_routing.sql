-- Routing (docs/routing.md): every change of a request with who and when,
-- the offers made to people and their answers, sign-ups for opportunities,
-- questions sent to students and staff and their answers, and crisis cases.
-- The request's current status, holder and team stay on `requests`
-- (assignee_id, team_id from 0003); the people are the dashboard's users.

-- What a person can offer at an opportunity (JSON array), matched against
-- opportunities.skills.
ALTER TABLE users ADD COLUMN skills TEXT NOT NULL DEFAULT '[]';

CREATE TABLE request_events (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests(id),
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,           -- "system", "user:7", "contact:12", "cli"
  action TEXT NOT NULL,          -- created, offered, passed, timed_out, withdrawn, accepted, queued,
                                 -- escalated, resolved, closed
  status TEXT NOT NULL,          -- the request's status after the change
  user_id INTEGER,               -- whom it concerns: offered to, accepted by...
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX request_events_request ON request_events(request_id, id);

-- One row per request and person: a person is offered a request at most once,
-- unless an offer was withdrawn (they went AWAY) and they came back.
CREATE TABLE request_offers (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests(id),
  user_id INTEGER NOT NULL,
  offered_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  outcome TEXT NOT NULL DEFAULT 'pending'
    CHECK (outcome IN ('pending', 'accepted', 'passed', 'timed_out', 'withdrawn')),
  answered_at INTEGER,
  UNIQUE (request_id, user_id)
);
CREATE INDEX request_offers_pending ON request_offers(user_id) WHERE outcome = 'pending';

CREATE TABLE opportunity_signups (
  opportunity_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('prompted', 'confirmed', 'waitlisted', 'declined', 'cancelled')),
  changed_at INTEGER NOT NULL, -- the waitlist is served in this order
  created_at INTEGER NOT NULL,
  PRIMARY KEY (opportunity_id, user_id)
);
CREATE INDEX opportunity_signups_user ON opportunity_signups(user_id);

-- A question sent to a student or staff member (a reflection after an
-- opportunity, a cohort's weekly question) and the answer, once given.
CREATE TABLE prompts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  kind TEXT NOT NULL,            -- "reflection" or "cohort"
  ref TEXT NOT NULL,             -- "opportunity:7", or the cohort prompt's id
  occurrence INTEGER NOT NULL,   -- when it was due: one prompt per person and occurrence
  question TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  answer TEXT,
  answered_at INTEGER,
  UNIQUE (user_id, kind, ref, occurrence)
);
CREATE INDEX prompts_unanswered ON prompts(user_id, id) WHERE answered_at IS NULL;

-- Crisis language from a community member: flows stay paused for the contact
-- while a case is open (cleared_at NULL).
CREATE TABLE crisis_cases (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE, -- erasing the person erases it
  message_id INTEGER,
  language TEXT NOT NULL,
  category TEXT NOT NULL,
  phrase TEXT NOT NULL,
  flagged_at INTEGER NOT NULL,
  cleared_at INTEGER,
  cleared_by TEXT                -- "user:7", "api:7"
);
CREATE INDEX crisis_cases_open ON crisis_cases(contact_id) WHERE cleared_at IS NULL;

-- However an opportunity is created or changed (dashboard, command line), its
-- prompt timer is armed in the same transaction: the bot then asks the
-- students it suits who have not heard of it yet (bot/routing/engagement.hpp).
-- Due at 0: at once, whichever clock the writer (bot or command line) keeps.
CREATE TRIGGER opportunities_prompt_on_insert AFTER INSERT ON opportunities BEGIN
  INSERT OR REPLACE INTO timers (kind, key, due_at, payload)
  VALUES ('opportunity_prompt', CAST(NEW.id AS TEXT), 0, '{}');
END;
CREATE TRIGGER opportunities_prompt_on_update AFTER UPDATE ON opportunities BEGIN
  INSERT OR REPLACE INTO timers (kind, key, due_at, payload)
  VALUES ('opportunity_prompt', CAST(NEW.id AS TEXT), 0, '{}');
END;
