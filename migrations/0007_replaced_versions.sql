-- EOM Reporter schema, version 7: the versions a merge replaced or refused are kept in
-- `replaced_versions`, so that "history" names only the hash-chained edit history (`edit_history`,
-- version 2). Same columns, same rows; the UNIQUE constraint's automatic index moves with the
-- table, and the table has no other index.
ALTER TABLE history RENAME TO replaced_versions;
