-- The caller (the token's sub) who asked for the transfer: its events carry it, whoever finishes it.
ALTER TABLE transfers ADD COLUMN caller text;
ALTER TABLE outbox ADD COLUMN caller text;
