-- The bank this schema belongs to: the BANK_ID of the node that migrated it first (for a schema
-- migrated before this table existed, of the node that applied this migration). Every node reads it
-- after migrating and refuses to start when its own BANK_ID differs, so a node pointed at another
-- bank's database never serves. One row; the id is checked by the node before it gets here.
CREATE TABLE account.bank_identity (
  bank_id text PRIMARY KEY CHECK (bank_id ~ '^[A-Za-z0-9._-]{1,64}$'),
  only_row boolean NOT NULL DEFAULT true UNIQUE CHECK (only_row),
  recorded_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO account.bank_identity (bank_id) VALUES ('${bankId}');
