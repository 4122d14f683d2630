-- EOM Reporter schema, version 5: election commissions in the station list. Teams observe the
-- tabulation of results at district / constituency commissions (the `tabulation` phase); a place is
-- a polling station (`station`, every place before schema 5) or a commission (`commission`).
ALTER TABLE stations ADD COLUMN kind TEXT NOT NULL DEFAULT 'station' CHECK (kind IN ('station', 'commission'));
