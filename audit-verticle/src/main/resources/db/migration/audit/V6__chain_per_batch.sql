-- The trail appended a batch at a time (0.3.0): append_events chains a whole batch in one call,
-- under the writers' lock, and inserts it with one statement. Until now each event was its own
-- INSERT, chained by a row trigger that looked the previous hash up again for every row (./bench:
-- 0.12 ms of PostgreSQL per event). The chain is the same: the same event_hash over the same
-- fields, each event following the one with the highest seq below its own.
--
-- The trigger stays for the rows inserted without a hash (a node of 0.2.0 appends that way during a
-- rolling upgrade), and only for them: a row that comes with its hash keeps it. Only append_events
-- writes hashes, and verify checks every one of them against its content and its predecessor.
SELECT pg_advisory_xact_lock(1003, 0);

DROP TRIGGER events_chain ON audit.events;
CREATE TRIGGER events_chain BEFORE INSERT ON audit.events
  FOR EACH ROW WHEN (NEW.hash IS NULL) EXECUTE FUNCTION audit.chain_event();

-- Appends the events of batch (a json array of events as the outboxes relay them: id, type,
-- version, at, entityId, accountIds, requestId, caller, data; without a version, as a node of 0.1.0
-- relays them: version 1) that are not in the trail yet, in the batch's order, and answers them as
-- recorded. An event already in the trail, or twice in the batch, is appended once. Holds the
-- writers' lock until commit, so seq order is commit order and the head read here stays the head.
CREATE FUNCTION audit.append_events(batch jsonb) RETURNS SETOF audit.events
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
  AS $$
  DECLARE
    seqs regclass := pg_get_serial_sequence('audit.events', 'seq')::regclass;
    head text;
    sent record;
    link audit.events;
    links audit.events[] := '{}';
    appended int := 0;
  BEGIN
    PERFORM pg_advisory_xact_lock(1003, 0);
    head := coalesce((SELECT e.hash FROM audit.events e ORDER BY e.seq DESC LIMIT 1), audit.genesis_hash());
    FOR sent IN
      SELECT s.event FROM (
        SELECT b.event, b.n, row_number() OVER (PARTITION BY b.event ->> 'id' ORDER BY b.n) AS copy
        FROM jsonb_array_elements(batch) WITH ORDINALITY AS b (event, n)) s
      WHERE s.copy = 1 AND NOT EXISTS (SELECT FROM audit.events e WHERE e.id = s.event ->> 'id')
      ORDER BY s.n
    LOOP
      link.seq := nextval(seqs);
      link.id := sent.event ->> 'id';
      link.type := sent.event ->> 'type';
      link.at := (sent.event ->> 'at')::timestamptz;
      link.entity_id := sent.event ->> 'entityId';
      link.account_ids := ARRAY(SELECT jsonb_array_elements_text(sent.event -> 'accountIds'));
      link.request_id := sent.event ->> 'requestId';
      link.data := sent.event -> 'data';
      link.recorded_at := now();
      link.caller := sent.event ->> 'caller';
      link.version := coalesce((sent.event ->> 'version')::smallint, 1);
      link.prev_hash := head;
      link.hash := audit.event_hash(link.prev_hash, link.seq, link.id, link.type, link.at, link.entity_id,
                                    link.account_ids, link.request_id, link.caller, link.data);
      head := link.hash;
      appended := appended + 1;
      links[appended] := link;
    END LOOP;
    RETURN QUERY INSERT INTO audit.events OVERRIDING SYSTEM VALUE SELECT * FROM unnest(links) RETURNING *;
  END
  $$;
