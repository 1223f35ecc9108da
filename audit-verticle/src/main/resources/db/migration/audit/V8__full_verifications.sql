-- Full verifications (0.3.0): the whole trail hashed again from its first event, in the background
-- and in pages (bank.audit.FullVerifications), so that its time, which grows with the trail, is
-- never a request's. One row per run: how far it has got (every event through through_seq hashed,
-- the chain intact so far, through_hash the hash of that event, events the number hashed), and
-- once finished its verdict (the reply of verify). At most one runs at a time (the partial unique
-- index); a run whose runner has not moved it on for a while (its node gone) is taken over by the
-- next request to start one, from where it had got.
CREATE TABLE audit.full_verifications (
  id           text PRIMARY KEY,
  running      boolean NOT NULL DEFAULT true,
  started_at   timestamptz NOT NULL DEFAULT now(),
  moved_at     timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  through_seq  bigint NOT NULL DEFAULT 0,
  through_hash text NOT NULL,
  events       bigint NOT NULL DEFAULT 0,
  verdict      jsonb,
  CHECK (running = (verdict IS NULL))
);
CREATE UNIQUE INDEX full_verifications_one_running ON audit.full_verifications (running) WHERE running;
