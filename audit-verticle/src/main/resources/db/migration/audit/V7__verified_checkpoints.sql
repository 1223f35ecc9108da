-- Verified checkpoints (0.3.0): each row says that a verification found the chain intact from the
-- first event up to the event at seq, whose hash was hash, with events events. A verification
-- starts from the newest checkpoint and hashes only the events after it, so that its cost follows
-- what was recorded since, not the trail's length; a full verification starts from the genesis.
-- A checkpoint is a shortcut, not an anchor: whoever can rewrite the trail can rewrite this table
-- too (keep the lastSeq and lastHash that verify answers elsewhere, as before).
CREATE TABLE audit.checkpoints (
  seq         bigint PRIMARY KEY,
  hash        text NOT NULL,
  events      bigint NOT NULL CHECK (events > 0),
  verified_at timestamptz NOT NULL DEFAULT now()
);
