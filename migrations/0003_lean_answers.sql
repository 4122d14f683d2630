-- EOM Reporter schema, version 3: leaner answer rows, because an import writes millions of them.
-- `template_id` is the checklist's and is read from there. The foreign key to `checklists(seq)`
-- goes: the library writes a checklist's answers only with the row it has just written or found,
-- and checklists are never deleted (tombstones keep no answers), so the key checked nothing that
-- could fail, at the price of one lookup per answer and a statement journal per multi-row insert.

CREATE TABLE answers_v3 (
    checklist_seq INTEGER NOT NULL,
    code          TEXT NOT NULL,
    value         TEXT NOT NULL,  -- JSON
    shown         INTEGER NOT NULL DEFAULT 1,  -- 0 when a display condition hides the question
    PRIMARY KEY (checklist_seq, code)
) WITHOUT ROWID;
INSERT INTO answers_v3 (checklist_seq, code, value, shown)
    SELECT checklist_seq, code, value, shown FROM answers;
DROP TABLE answers;
ALTER TABLE answers_v3 RENAME TO answers;
