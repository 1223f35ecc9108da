-- The money rules of the account service, in one place: the SQL functions that move money. Edit
-- them here; never copy a function into a new versioned migration again.
--
-- Flyway applies this repeatable migration whenever its text changes, after the versioned ones, and
-- records it in a history table of its own (account.flyway_rules_history, see Databases.migrate):
-- a node of the previous release validates account.flyway_schema_history, and a repeatable
-- migration it does not know there would stop it from starting ("Detected applied migration not
-- resolved locally"), which would make a rollback impossible.
--
-- Every node runs the functions as they are here, whichever release it is: a change must keep each
-- function's signature and what it answers for the calls of the previous release (expand, then
-- contract one release later). PostgreSQL refuses CREATE OR REPLACE for a changed signature or
-- return type anyway.
--
-- Deposits, withdrawals and transfers share these rules: a movement is recorded once by its id, the
-- accounts it changes are locked, a debit never takes an account below zero (INSUFFICIENT_FUNDS,
-- answered, not raised; the CHECK on the balance is the last guard), and every change of a balance
-- is posted with its ledger entry by post_entry, so that the sum of an account's entries is its balance.
--
-- A transfer's debit, credit, ledger entries and outcome in one call (first in V4): the movement
-- row keyed by the transfer id makes a repeat return the first outcome (a concurrent repeat waits
-- at that key until the first commits); both accounts are locked in id order, so that opposite
-- transfers cannot deadlock; a rejection is recorded and answered, never raised. The outcome is
-- json, kept as written, so that a repeat gets the same text.

-- A refused transfer's outcome, as the service answers it (ErrorCode names the reasons).
CREATE OR REPLACE FUNCTION rejection(reason text, detail text) RETURNS json
LANGUAGE sql IMMUTABLE AS $$
  SELECT json_build_object('status', 'REJECTED', 'reason', reason, 'detail', detail)
$$;

-- The one place a balance changes: adds amount (negative for a debit) to the account, which the
-- caller has locked, and writes the ledger entry of the movement; answers the new balance.
CREATE OR REPLACE FUNCTION post_entry(movement_id text, target_id text, amount bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  balance_after bigint;
BEGIN
  UPDATE account.accounts a SET balance = a.balance + amount WHERE a.id = target_id RETURNING a.balance INTO balance_after;
  INSERT INTO account.ledger_entries (movement_id, account_id, amount, balance_after)
  VALUES (movement_id, target_id, amount, balance_after);
  RETURN balance_after;
END;
$$;

-- An instant as the API writes it (bank.common.Times.iso, Java's Instant.toString): UTC, with the
-- fraction of a second in 3 or 6 digits, or none when it is zero.
CREATE OR REPLACE FUNCTION iso_instant(at timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
      || CASE WHEN micros = 0 THEN ''
              WHEN micros % 1000 = 0 THEN '.' || lpad((micros / 1000)::text, 3, '0')
              ELSE '.' || lpad(micros::text, 6, '0') END
      || 'Z'
  FROM (SELECT (extract(microseconds FROM at)::bigint % 1000000) AS micros) fraction
$$;

-- A deposit or a withdrawal (until 0.2.0 in Java, AccountRepository): the id is the movement's,
-- made by the caller. No account: no outcome (null), nothing written, the caller answers NOT_FOUND.
-- A withdrawal beyond the balance is answered INSUFFICIENT_FUNDS and records no movement (the
-- caller keeps the answer under its Idempotency-Key). Otherwise the balance, its ledger entry and
-- the movement with its outcome, which is json written once: a replay gets the same text.
CREATE OR REPLACE FUNCTION apply_movement(movement_id text, movement_kind text, target_id text, amount bigint,
                               OUT outcome json, OUT applied boolean)
LANGUAGE plpgsql AS $$
DECLARE
  holder account.accounts;
  signed bigint := CASE movement_kind WHEN 'DEPOSIT' THEN amount WHEN 'WITHDRAWAL' THEN -amount END;
BEGIN
  IF signed IS NULL THEN
    RAISE EXCEPTION 'no movement kind %', movement_kind;
  END IF;
  applied := false;
  SELECT * INTO holder FROM account.accounts a WHERE a.id = target_id FOR UPDATE;
  IF holder.id IS NULL THEN
    RETURN;
  END IF;
  IF holder.balance + signed < 0 THEN
    outcome := account.rejection('INSUFFICIENT_FUNDS', format('account %s holds less than %s', target_id, amount));
    RETURN;
  END IF;

  outcome := json_build_object('id', movement_id, 'accountId', target_id, 'amount', amount,
                               'balance', holder.balance + signed, 'createdAt', account.iso_instant(now()));
  INSERT INTO account.movements (id, kind, outcome) VALUES (movement_id, movement_kind, apply_movement.outcome);
  PERFORM account.post_entry(movement_id, target_id, signed);
  applied := true;
END;
$$;

CREATE OR REPLACE FUNCTION apply_transfer(transfer_id text, from_id text, to_id text, amount bigint,
                               OUT outcome json, OUT replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  source account.accounts;
  target account.accounts;
BEGIN
  INSERT INTO account.movements (id, kind) VALUES (transfer_id, 'TRANSFER') ON CONFLICT (id) DO NOTHING;
  IF NOT FOUND THEN
    SELECT m.outcome, true INTO outcome, replayed FROM account.movements m WHERE m.id = transfer_id;
    RETURN;
  END IF;
  replayed := false;

  PERFORM FROM account.accounts a WHERE a.id IN (from_id, to_id) ORDER BY a.id FOR UPDATE;
  SELECT * INTO source FROM account.accounts a WHERE a.id = from_id;
  SELECT * INTO target FROM account.accounts a WHERE a.id = to_id;
  IF from_id = to_id THEN
    outcome := account.rejection('SAME_ACCOUNT', 'a transfer needs two different accounts');
  ELSIF source.id IS NULL OR target.id IS NULL THEN
    outcome := account.rejection('UNKNOWN_ACCOUNT', 'no account ' || CASE WHEN source.id IS NULL THEN from_id ELSE to_id END);
  ELSIF source.currency <> target.currency THEN
    outcome := account.rejection('CURRENCY_MISMATCH', format('account %s holds %s but account %s holds %s',
                                                     from_id, source.currency, to_id, target.currency));
  ELSIF source.balance < amount THEN
    outcome := account.rejection('INSUFFICIENT_FUNDS', format('account %s holds less than %s', from_id, amount));
  ELSE
    PERFORM account.post_entry(transfer_id, from_id, -amount);
    PERFORM account.post_entry(transfer_id, to_id, amount);
    outcome := json_build_object('status', 'COMPLETED', 'currency', source.currency);
  END IF;

  UPDATE account.movements m SET outcome = apply_transfer.outcome WHERE m.id = transfer_id;
END;
$$;

-- Group commit (first in V5): the transfers that arrive together are applied by one call in one
-- transaction (see bank.common.Batcher), each by apply_transfer with its own outcome. Every account
-- of the batch is locked first, all at once and in id order: batches running side by side (other
-- instances, other nodes) then wait for one another instead of deadlocking, since none holds an
-- account while it waits for another.
CREATE OR REPLACE FUNCTION apply_transfers(transfer_ids text[], from_ids text[], to_ids text[], amounts bigint[])
RETURNS TABLE (outcome json, replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM FROM account.accounts a WHERE a.id = ANY (from_ids || to_ids) ORDER BY a.id FOR UPDATE;
  FOR i IN 1 .. cardinality(transfer_ids) LOOP
    SELECT applied.outcome, applied.replayed INTO outcome, replayed
    FROM account.apply_transfer(transfer_ids[i], from_ids[i], to_ids[i], amounts[i]) applied;
    RETURN NEXT;
  END LOOP;
END;
$$;
