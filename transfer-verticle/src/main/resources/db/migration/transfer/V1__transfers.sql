-- The transfer service's schema: transfers, the Idempotency-Keys that name them, and the outbox.
-- Flyway runs this with search_path set to the "transfer" schema.

CREATE TABLE transfers (
  id           text PRIMARY KEY,
  -- Insertion order: "newest first" and the list cursor.
  position     bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  from_account text NOT NULL,
  to_account   text NOT NULL,
  amount       bigint NOT NULL CHECK (amount > 0),
  reference    text,
  -- Known once the account service has applied it.
  currency     char(3),
  status       text NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'REJECTED')),
  reason       text,
  detail       text,
  request_id   text,
  -- A PENDING transfer is being driven by whoever holds the lease; once it runs out, a retry or
  -- the recovery pass takes it over and drives it again (applying it is idempotent).
  lease_until  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX transfers_by_from ON transfers (from_account, position);
CREATE INDEX transfers_by_to ON transfers (to_account, position);
CREATE INDEX transfers_pending ON transfers (lease_until) WHERE status = 'PENDING';

CREATE TABLE idempotency_keys (
  key         text PRIMARY KEY,
  fingerprint text NOT NULL,
  transfer_id text NOT NULL REFERENCES transfers (id) DEFERRABLE INITIALLY DEFERRED,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE outbox (
  id          text PRIMARY KEY,
  position    bigint GENERATED ALWAYS AS IDENTITY,
  type        text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  entity_id   text NOT NULL,
  account_ids text[] NOT NULL,
  request_id  text,
  data        jsonb NOT NULL
);
CREATE INDEX outbox_by_position ON outbox (position);
