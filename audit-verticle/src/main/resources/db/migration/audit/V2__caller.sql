-- The caller (the token's sub) who caused the event; null for events recorded before it was kept.
ALTER TABLE events ADD COLUMN caller text;
