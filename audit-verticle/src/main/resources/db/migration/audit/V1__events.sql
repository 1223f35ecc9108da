-- The audit trail: every event the services recorded, once, in the order the trail recorded them.
-- Flyway runs this with search_path set to the "audit" schema.

CREATE TABLE events (
  -- Assigned while the trail's advisory lock is held, so seq order is commit order.
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The event id given by the service's outbox: a redelivered event is recognised and dropped.
  id          text NOT NULL UNIQUE,
  type        text NOT NULL CHECK (type IN ('AccountOpened', 'DepositMade', 'WithdrawalMade',
                                            'TransferCompleted', 'TransferRejected')),
  at          timestamptz NOT NULL,
  entity_id   text NOT NULL,
  account_ids text[] NOT NULL,
  request_id  text,
  data        jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_by_account ON events USING gin (account_ids);
