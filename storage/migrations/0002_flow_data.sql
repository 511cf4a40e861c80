-- What flows collect: answers (results), consent per purpose, and requests
-- opened by the intake flow (routing adds to them later).
CREATE TABLE results (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER REFERENCES contacts(id), -- NULL once the person's data is erased
  flow TEXT NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '',          -- one row per category for several-choice answers
  value TEXT NOT NULL DEFAULT '',
  raw TEXT NOT NULL DEFAULT '',               -- what the person typed: personal data
  neighbourhood TEXT NOT NULL DEFAULT '',     -- copied at answer time, for aggregates that outlive the person
  language TEXT NOT NULL DEFAULT '',
  in_reports INTEGER NOT NULL DEFAULT 0,      -- the person agreed to anonymous use in reports
  created_at INTEGER NOT NULL
);
CREATE INDEX results_report ON results(flow, name, category);
CREATE INDEX results_contact ON results(contact_id);

CREATE TABLE consents (
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  purpose TEXT NOT NULL,
  granted INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (contact_id, purpose)
);

CREATE TABLE requests (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER REFERENCES contacts(id),
  kind TEXT NOT NULL DEFAULT 'help',
  topic TEXT NOT NULL DEFAULT '',
  urgency TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL DEFAULT '',
  best_time TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  neighbourhood TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'new',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX requests_status ON requests(status);
CREATE INDEX requests_contact ON requests(contact_id);
