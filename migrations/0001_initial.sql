-- EOM Reporter schema, version 1. Shipped migrations are never edited: add a new file instead.
-- Every record table carries the replication columns: a client-generated UUID, created_at and
-- updated_at (UTC, RFC 3339 with milliseconds, so text order is time order), a revision counter, the
-- device that last changed it, and a tombstone flag (deleted rows stay so deletions travel in bundles).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE missions (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    organisation      TEXT NOT NULL DEFAULT '',
    country           TEXT NOT NULL,
    election_name     TEXT NOT NULL,
    election_date     TEXT NOT NULL,
    time_zone         TEXT NOT NULL,
    languages         TEXT NOT NULL,           -- JSON array of language codes
    accreditation_ref TEXT NOT NULL DEFAULT '',
    candidates        TEXT NOT NULL DEFAULT '[]', -- JSON array of names, in ballot order
    is_sample         INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, revision INTEGER NOT NULL,
    device_id TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0
);

-- Template definitions are immutable per (id, version).
CREATE TABLE templates (
    id      TEXT NOT NULL,
    version INTEGER NOT NULL,
    phase   TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (id, version)
) WITHOUT ROWID;

CREATE TABLE teams (
    id   TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    area TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, revision INTEGER NOT NULL,
    device_id TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE observers (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    nationality          TEXT NOT NULL DEFAULT '',
    role                 TEXT NOT NULL,
    accreditation_number TEXT NOT NULL DEFAULT '',
    team_id              TEXT REFERENCES teams(id),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, revision INTEGER NOT NULL,
    device_id TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE stations (
    id                TEXT PRIMARY KEY,
    code              TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL DEFAULT '',
    address           TEXT NOT NULL DEFAULT '',
    admin_levels      TEXT NOT NULL DEFAULT '[]', -- JSON array of {"level","value"}, top level first
    region            TEXT NOT NULL DEFAULT '',   -- the top level's value, for grouping
    setting           TEXT,
    station_type      TEXT,
    registered_voters INTEGER,
    latitude          REAL,
    longitude         REAL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, revision INTEGER NOT NULL,
    device_id TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE visits (
    id                      TEXT PRIMARY KEY,
    team_id                 TEXT NOT NULL REFERENCES teams(id),
    station_id              TEXT NOT NULL REFERENCES stations(id),
    arrival_at              TEXT NOT NULL,
    departure_at            TEXT,
    breaks                  TEXT NOT NULL DEFAULT '[]', -- JSON array of {"from","to"}
    phases                  TEXT NOT NULL DEFAULT '[]', -- JSON array of phase names
    observer_ids            TEXT NOT NULL DEFAULT '[]',
    interpreter_used        INTEGER,
    voters_on_list          INTEGER,
    voters_voted_at_arrival INTEGER,
    observed_unrestricted   INTEGER,
    notes                   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, revision INTEGER NOT NULL,
    device_id TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX visits_station ON visits(station_id);
CREATE INDEX visits_team ON visits(team_id, arrival_at);

CREATE TABLE checklists (
    seq              INTEGER PRIMARY KEY,  -- stable local key for the answers table
    id               TEXT NOT NULL UNIQUE,
    visit_id         TEXT NOT NULL REFERENCES visits(id),
    template_id      TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    phase            TEXT NOT NULL,
    assessment       TEXT,                 -- denormalised overall assessment, for statistics
    protocol_failures TEXT,                -- JSON array of failed protocol checks, or NULL
    submitted_at     TEXT,
    review_status    TEXT NOT NULL DEFAULT 'none',
    review_comment   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, revision INTEGER NOT NULL,
    device_id TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
    FOREIGN KEY (template_id, template_version) REFERENCES templates(id, version)
);
CREATE INDEX checklists_visit ON checklists(visit_id);

-- One row per answer. `value` is JSON. `shown` is 0 when a display condition hides the question:
-- hidden answers are kept but never counted.
CREATE TABLE answers (
    checklist_seq INTEGER NOT NULL REFERENCES checklists(seq) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    template_id   TEXT NOT NULL,
    value         TEXT NOT NULL,
    shown         INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (checklist_seq, code)
) WITHOUT ROWID;

-- Counts of shown answers by (template, code, value): the unfiltered statistics read these few
-- thousand rows instead of millions of answers. Kept exact by the library on every answer write.
CREATE TABLE answer_counts (
    template_id TEXT NOT NULL,
    code        TEXT NOT NULL,
    value       TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (template_id, code, value)
) WITHOUT ROWID;

CREATE TABLE incidents (
    id                  TEXT PRIMARY KEY,
    visit_id            TEXT REFERENCES visits(id),
    team_id             TEXT REFERENCES teams(id),
    station_id          TEXT REFERENCES stations(id),
    occurred_at         TEXT NOT NULL,
    location            TEXT NOT NULL,
    category            TEXT NOT NULL,
    severity            TEXT NOT NULL,
    source              TEXT NOT NULL,
    description         TEXT NOT NULL,
    persons             TEXT NOT NULL DEFAULT '[]',
    witnesses           TEXT NOT NULL DEFAULT '',
    commission_informed INTEGER,
    complaint_filed     INTEGER,
    follow_up           TEXT NOT NULL DEFAULT 'not_needed',
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, revision INTEGER NOT NULL,
    device_id TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE attachments (
    id            TEXT PRIMARY KEY,
    owner_kind    TEXT NOT NULL,  -- visit | checklist | incident
    owner_id      TEXT NOT NULL,
    question_code TEXT,
    file_name     TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    data          BLOB NOT NULL,  -- the file as it was, never re-encoded
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, revision INTEGER NOT NULL,
    device_id TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0
);

-- Versions a merge overwrote or refused: nothing an observer wrote is silently dropped.
CREATE TABLE history (
    seq         INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    updated_at  TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    reason      TEXT NOT NULL,  -- superseded (lost a merge, as stored or as incoming version)
    content     TEXT NOT NULL,
    UNIQUE (kind, record_id, revision, updated_at, device_id)
);

-- When each device exported a bundle: records changed after that are "edited after export".
CREATE TABLE exports (
    device_id   TEXT NOT NULL,
    exported_at TEXT NOT NULL,
    PRIMARY KEY (device_id, exported_at)
) WITHOUT ROWID;
