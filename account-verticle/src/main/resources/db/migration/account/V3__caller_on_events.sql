-- The caller (the token's sub) who caused each event; null for events the bank made itself.
ALTER TABLE outbox ADD COLUMN caller text;
