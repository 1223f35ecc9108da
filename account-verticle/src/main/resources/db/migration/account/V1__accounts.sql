-- The account service's schema: accounts, the movements applied to them, and the ledger.
-- Flyway runs this with search_path set to the "account" schema.

CREATE TABLE accounts (
  id         text PRIMARY KEY,
  -- Insertion order: "oldest first" and the list cursor.
  position   bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  owner      text NOT NULL,
  currency   char(3) NOT NULL,
  balance    bigint NOT NULL DEFAULT 0 CHECK (balance >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Every deposit, withdrawal and transfer applied here, once: keyed by its id, with the outcome
-- that was answered, so that a repeat gets the same answer instead of moving money again.
CREATE TABLE movements (
  id         text PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL', 'TRANSFER')),
  outcome    jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Immutable: one row per account a movement changed. The sum of an account's entries is its balance.
CREATE TABLE ledger_entries (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  movement_id   text NOT NULL REFERENCES movements (id),
  account_id    text NOT NULL REFERENCES accounts (id),
  amount        bigint NOT NULL CHECK (amount <> 0),
  balance_after bigint NOT NULL CHECK (balance_after >= 0),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_by_account ON ledger_entries (account_id, id);

-- Idempotency-Key of deposits and withdrawals: what the first request was, and what it got.
CREATE TABLE idempotency_keys (
  key         text PRIMARY KEY,
  fingerprint text NOT NULL,
  outcome     jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Events for the audit trail, written with the change that causes them, deleted once audit confirms.
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
