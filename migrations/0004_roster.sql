-- EOM Reporter schema, version 4: the mission's key roster (docs/security.md, "Trust model").
-- A key is enrolled as `core` (the core team's laptops: may change anything) or as `team` for one
-- team (may change only that team's visits, checklists, incidents and attachments). Keys trusted
-- before schema 4 become team keys of no team: known by name, allowed to change nothing until
-- enrolled again with `eom keys trust … --team` or `--core`.
ALTER TABLE trusted_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'team' CHECK (role IN ('core', 'team'));
ALTER TABLE trusted_keys ADD COLUMN team_code TEXT;

-- Which key signs for which device id: bound the first time a signed bundle from that device is
-- imported (or when this laptop's own key is set), so that no other key can claim the device.
CREATE TABLE key_devices (
    device_id   TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    bound_at    TEXT NOT NULL
) WITHOUT ROWID;
