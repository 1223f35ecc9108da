-- Each event's contract version, as its service wrote it; 1 for the events recorded before it was
-- kept and for those that a node of 0.1.0 relays (they carry none). Not part of the hash, whose
-- fields stay those of V3.
ALTER TABLE events ADD COLUMN version smallint NOT NULL DEFAULT 1;
