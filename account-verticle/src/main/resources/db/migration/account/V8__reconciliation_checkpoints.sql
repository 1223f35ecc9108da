-- Verified checkpoints of the reconciliation (0.3.0): each row says that a reconciliation found the
-- account's balance equal to the sum of its ledger entries through the entry through_entry, with
-- these sums (numeric, as PostgreSQL sums bigint). A reconciliation starts each account from its
-- checkpoint and sums only the entries after it, so that its time follows the accounts and the
-- entries since, not the ledger's length; a full reconciliation sums every entry and sets the
-- checkpoints anew.
--
-- Sound because an account's entries are written under its row lock, held until commit (the money
-- rules lock an account before they insert its entries): of one account's entries, none with a
-- smaller id can commit after one with a larger id is visible, so "every entry through
-- through_entry" stays true once a snapshot has seen it.
--
-- A checkpoint is a shortcut, not an anchor: whoever can rewrite the ledger can rewrite this table
-- too; the full reconciliation trusts no checkpoint.
CREATE TABLE account.reconciliation_checkpoints (
  account_id    text PRIMARY KEY REFERENCES account.accounts (id),
  through_entry bigint NOT NULL,
  ledger        numeric NOT NULL,
  deposits      numeric NOT NULL,
  withdrawals   numeric NOT NULL,
  transfers     numeric NOT NULL,
  reconciled_at timestamptz NOT NULL DEFAULT now()
);
