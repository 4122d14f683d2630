-- EOM Reporter schema, version 2: trusted signing keys and the hash-chained edit history (SPEC 6).

-- Public keys whose bundles this database trusts, with the name people know them by ("Team 3").
-- `public_key` is NULL when the key was trusted by its fingerprint alone (read out on the phone).
CREATE TABLE trusted_keys (
    fingerprint TEXT PRIMARY KEY,  -- ab12-cd34-ef56-7890: first 16 hex of SHA-256 of the key
    public_key  TEXT,              -- the 32-byte Ed25519 key, base64
    name        TEXT NOT NULL,
    trusted_at  TEXT NOT NULL
) WITHOUT ROWID;

-- One chain per device: entry n of a device holds the hash of its entry n-1 (docs/security.md).
-- Imported entries keep the hashes their device gave them; this device appends to its own chain.
CREATE TABLE edit_history (
    device_id      TEXT NOT NULL,  -- the chain's device
    n              INTEGER NOT NULL,
    action         TEXT NOT NULL,  -- created | changed | deleted | imported
    kind           TEXT NOT NULL,
    record_id      TEXT NOT NULL,
    revision       INTEGER NOT NULL,
    updated_at     TEXT NOT NULL,
    version_device TEXT NOT NULL,  -- the record's device_id in that version
    content_sha256 TEXT NOT NULL,
    hash           TEXT NOT NULL,
    PRIMARY KEY (device_id, n)
) WITHOUT ROWID;
