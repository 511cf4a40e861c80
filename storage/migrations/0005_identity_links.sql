-- One person across channels. Phone-number channels (SMS, WhatsApp) share a
-- key of the number's digits, so the same number on both is one contact. Other
-- channels are linked with a short code the person texts from the second one.
ALTER TABLE identities ADD COLUMN phone_key TEXT NOT NULL DEFAULT '';
CREATE INDEX identities_phone ON identities(phone_key) WHERE phone_key <> '';

CREATE TABLE link_codes (
  code TEXT PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  expires_at INTEGER NOT NULL
);
