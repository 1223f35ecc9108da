-- A replayed answer must be byte for byte the first one: jsonb reorders an object's keys, json keeps
-- the text as it was written.
ALTER TABLE movements ALTER COLUMN outcome TYPE json USING outcome::json;
ALTER TABLE idempotency_keys ALTER COLUMN outcome TYPE json USING outcome::json;
