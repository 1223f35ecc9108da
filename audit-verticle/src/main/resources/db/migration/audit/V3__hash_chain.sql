-- The trail as a hash chain: each event stores the hash of the event before it (prev_hash) and its
-- own hash over that and its content, so that changing, deleting, inserting or reordering a
-- recorded event breaks the chain where it happened (the verify action finds the first break).
-- Flyway runs this with search_path set to "audit", but the service's pool keeps the server's
-- default search_path: every name the functions use at run time is qualified with "audit.", and
-- the built-ins they call are found in pg_catalog, which is always searched first.

-- Holding the trail's lock (as writers do) makes a node of the previous version that records
-- while this runs wait until the backfill and the trigger are committed, so no event escapes the chain.
SELECT pg_advisory_xact_lock(1003, 0);

ALTER TABLE audit.events ADD COLUMN prev_hash text, ADD COLUMN hash text;

-- The prev_hash of the first event.
CREATE FUNCTION audit.genesis_hash() RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT repeat('0', 64) $$;

-- Hex SHA-256 of a canonical text of the event: a JSON array whose text is jsonb's own (keys
-- sorted, fixed spacing) and whose instant is written in UTC to the microsecond, so that neither
-- the session's TimeZone, DateStyle nor extra_float_digits changes it. That is why it may be
-- declared IMMUTABLE although to_char is only STABLE (the format uses no locale-dependent field).
-- recorded_at is not covered: it is the trail's clock, not the event.
CREATE FUNCTION audit.event_hash(prev_hash text, seq bigint, id text, type text, at timestamptz,
                                 entity_id text, account_ids text[], request_id text, caller text,
                                 data jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT encode(sha256(convert_to(
      jsonb_build_array(prev_hash, seq, id, type,
                        to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                        entity_id, account_ids, request_id, caller, data)::text,
      'UTF8')), 'hex')
  $$;

-- Chains each new event to the one with the highest seq below its own. Safe because every writer
-- holds pg_advisory_xact_lock(1003, 0) until it commits: the event before is committed (or in the
-- same transaction) and no other writer appends in between. A row inserted without that lock could
-- fork the chain, and verify would report it. Values a client sends for prev_hash and hash are overwritten.
-- A duplicate that ON CONFLICT (id) DO NOTHING then drops is hashed here too, and stored nowhere.
CREATE FUNCTION audit.chain_event() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
  AS $$
  BEGIN
    NEW.prev_hash := coalesce(
        (SELECT e.hash FROM audit.events e WHERE e.seq < NEW.seq ORDER BY e.seq DESC LIMIT 1),
        audit.genesis_hash());
    NEW.hash := audit.event_hash(NEW.prev_hash, NEW.seq, NEW.id, NEW.type, NEW.at, NEW.entity_id,
                                 NEW.account_ids, NEW.request_id, NEW.caller, NEW.data);
    RETURN NEW;
  END
  $$;

-- The events recorded before this migration, chained in seq order, as the trigger would have.
DO $$
DECLARE
  previous text := audit.genesis_hash();
  recorded record;
BEGIN
  FOR recorded IN SELECT * FROM audit.events ORDER BY seq LOOP
    UPDATE audit.events
       SET prev_hash = previous,
           hash = audit.event_hash(previous, recorded.seq, recorded.id, recorded.type, recorded.at, recorded.entity_id,
                                   recorded.account_ids, recorded.request_id, recorded.caller, recorded.data)
     WHERE seq = recorded.seq
    RETURNING hash INTO previous;
  END LOOP;
END
$$;

ALTER TABLE audit.events ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;

CREATE TRIGGER events_chain BEFORE INSERT ON audit.events
  FOR EACH ROW EXECUTE FUNCTION audit.chain_event();
