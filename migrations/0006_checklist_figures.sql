-- EOM Reporter schema, version 6: each checklist row carries what the statistics read from its
-- answers, derived like its overall assessment whenever the checklist is written, from the
-- checklist's own template version. A filter by region or team then reads checklist rows only:
-- at 20,000 visits, reading the counted checklists' answers took 430 ms and touched most of the
-- answers table; pairing the members present with the women among them took 74 ms unfiltered.
--   members_present, members_women  both shown whole numbers (roles `members_present`,
--                                   `members_women`), else both NULL;
--   answers_shown                   answers to shown questions;
--   answers_not_observed            of those, "not_observed";
--   figure_answers                  the shown answers to flagged questions (a problem answer) and
--                                   to the `chair_woman` question, one "code<TAB>value" per line
--                                   (the value as stored in `answers`), '' when none.
-- All NULL for a tombstone.
ALTER TABLE checklists ADD COLUMN members_present INTEGER;
ALTER TABLE checklists ADD COLUMN members_women INTEGER;
ALTER TABLE checklists ADD COLUMN answers_shown INTEGER;
ALTER TABLE checklists ADD COLUMN answers_not_observed INTEGER;
ALTER TABLE checklists ADD COLUMN figure_answers TEXT;

CREATE TEMP TABLE role_questions AS
    SELECT t.id AS template_id, t.version AS template_version,
           json_extract(q.value, '$.code') AS code,
           json_extract(q.value, '$.role') AS role,
           (json_extract(q.value, '$.type') = 'yes_no' AND json_extract(q.value, '$.problem') IS NOT NULL)
           OR (json_extract(q.value, '$.type') IN ('single_choice', 'multiple_choice')
               AND EXISTS (SELECT 1 FROM json_each(q.value, '$.options') o
                           WHERE json_extract(o.value, '$.problem') = 1)) AS flagged
    FROM templates t, json_each(t.content, '$.questions') q;
CREATE INDEX temp.role_questions_code ON role_questions(template_id, template_version, code);

UPDATE checklists SET
    (members_present, members_women) = (
        SELECT CAST(p.value AS INTEGER), CAST(w.value AS INTEGER)
        FROM role_questions rp, role_questions rw, answers p, answers w
        WHERE rp.template_id = checklists.template_id AND rp.template_version = checklists.template_version
          AND rw.template_id = checklists.template_id AND rw.template_version = checklists.template_version
          AND rp.role = 'members_present' AND rw.role = 'members_women'
          AND p.checklist_seq = checklists.seq AND p.code = rp.code AND p.shown = 1
          AND w.checklist_seq = checklists.seq AND w.code = rw.code AND w.shown = 1
          AND json_type(p.value) = 'integer' AND CAST(p.value AS INTEGER) >= 0
          AND json_type(w.value) = 'integer' AND CAST(w.value AS INTEGER) >= 0),
    (answers_shown, answers_not_observed) = (
        SELECT count(*), count(CASE WHEN a.value = '"not_observed"' THEN 1 END) FROM answers a
        WHERE a.checklist_seq = checklists.seq AND a.shown = 1),
    figure_answers = coalesce((
        SELECT group_concat(a.code || char(9) || a.value, char(10)) FROM answers a, role_questions r
        WHERE r.template_id = checklists.template_id AND r.template_version = checklists.template_version
          AND a.checklist_seq = checklists.seq AND a.code = r.code AND a.shown = 1
          AND (r.flagged OR r.role = 'chair_woman')), '')
WHERE deleted = 0;

DROP TABLE role_questions;
