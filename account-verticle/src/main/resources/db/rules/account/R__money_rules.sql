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
-- is posted with its ledger entry (by post_entry, or for a batch of transfers by apply_transfers in
-- one statement each), so that the sum of an account's entries is its balance.
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

-- A balance changed with its ledger entry, for one movement: adds amount (negative for a debit) to
-- the account, which the caller has locked, and writes the movement's ledger entry; answers the new
-- balance.
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
-- transaction (see bank.common.Batcher), each with its own outcome, by the rules of apply_transfer
-- above, in the order given. Set-based since 0.3.0: one statement per table for the whole batch
-- (the accounts read and locked, the earlier movements read, then the movements, the balances and
-- the ledger entries each written by one statement), the rules run on the batch's accounts in
-- memory. Measured with ./bench: the loop of apply_transfer calls, 9 statements per transfer, took
-- 0.38 ms of PostgreSQL per transfer.
--
-- Every account of the batch is locked first, all at once and in id order: batches running side
-- by side (other instances, other nodes) then wait for one another instead of deadlocking, since
-- none holds an account while it waits for another. A transfer's accounts are locked before its
-- movement is looked for, so a concurrent batch with the same transfer has committed it (and it is
-- found) or has not begun it (every release's apply_transfers locks first). Only a writer that
-- inserts the movement before it locks (apply_transfer called on its own, which no node does) could
-- slip in between: then this batch fails, moving nothing, and its transfers are applied again (the
-- Batcher writes a failed batch again one by one).
-- A transfer twice in the batch is applied once: the second gets the first's outcome, replayed.
CREATE OR REPLACE FUNCTION apply_transfers(transfer_ids text[], from_ids text[], to_ids text[], amounts bigint[])
RETURNS TABLE (outcome json, replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  ids text[];            -- the batch's accounts, in id order
  balances bigint[];     -- their balances as the batch moves them
  opening bigint[];      -- and as they were
  currencies text[];
  earlier_ids text[];
  earlier_outcomes json[];
  outcomes json[] := '{}';
  replays boolean[] := '{}';
  new_ids text[] := '{}';
  new_outcomes json[] := '{}';
  entry_movements text[] := '{}';
  entry_accounts text[] := '{}';
  entry_amounts bigint[] := '{}';
  entry_balances bigint[] := '{}';
  fresh int := 0;
  known int;
  source int;
  target int;
  written int;
BEGIN
  SELECT array_agg(a.id ORDER BY a.id), array_agg(a.balance ORDER BY a.id), array_agg(a.currency::text ORDER BY a.id)
  INTO ids, balances, currencies
  FROM (SELECT id, balance, currency FROM account.accounts
        WHERE id = ANY (from_ids || to_ids) ORDER BY id FOR UPDATE) a;
  opening := balances;
  SELECT array_agg(m.id), array_agg(m.outcome) INTO earlier_ids, earlier_outcomes
  FROM account.movements m WHERE m.id = ANY (transfer_ids);

  FOR i IN 1 .. cardinality(transfer_ids) LOOP
    known := array_position(earlier_ids, transfer_ids[i]);
    IF known IS NOT NULL THEN
      outcomes[i] := earlier_outcomes[known];
      replays[i] := true;
      CONTINUE;
    END IF;
    known := array_position(new_ids, transfer_ids[i]);
    IF known IS NOT NULL THEN
      outcomes[i] := new_outcomes[known];
      replays[i] := true;
      CONTINUE;
    END IF;

    source := array_position(ids, from_ids[i]);
    target := array_position(ids, to_ids[i]);
    IF from_ids[i] = to_ids[i] THEN
      outcomes[i] := account.rejection('SAME_ACCOUNT', 'a transfer needs two different accounts');
    ELSIF source IS NULL OR target IS NULL THEN
      outcomes[i] := account.rejection('UNKNOWN_ACCOUNT',
                                       'no account ' || CASE WHEN source IS NULL THEN from_ids[i] ELSE to_ids[i] END);
    ELSIF currencies[source] <> currencies[target] THEN
      outcomes[i] := account.rejection('CURRENCY_MISMATCH', format('account %s holds %s but account %s holds %s',
                                       from_ids[i], currencies[source], to_ids[i], currencies[target]));
    ELSIF balances[source] < amounts[i] THEN
      outcomes[i] := account.rejection('INSUFFICIENT_FUNDS', format('account %s holds less than %s', from_ids[i], amounts[i]));
    ELSE
      balances[source] := balances[source] - amounts[i];
      balances[target] := balances[target] + amounts[i];
      -- Its two ledger entries, debit then credit, with the balances they leave.
      entry_movements := entry_movements || ARRAY[transfer_ids[i], transfer_ids[i]];
      entry_accounts := entry_accounts || ARRAY[from_ids[i], to_ids[i]];
      entry_amounts := entry_amounts || ARRAY[-amounts[i], amounts[i]];
      entry_balances := entry_balances || ARRAY[balances[source], balances[target]];
      outcomes[i] := json_build_object('status', 'COMPLETED', 'currency', currencies[source]);
    END IF;
    replays[i] := false;
    fresh := fresh + 1;
    new_ids[fresh] := transfer_ids[i];
    new_outcomes[fresh] := outcomes[i];
  END LOOP;

  INSERT INTO account.movements (id, kind, outcome)
  SELECT m.id, 'TRANSFER', m.outcome FROM unnest(new_ids, new_outcomes) AS m (id, outcome)
  ON CONFLICT (id) DO NOTHING;
  GET DIAGNOSTICS written = ROW_COUNT;
  IF written <> fresh THEN
    RAISE EXCEPTION 'a transfer of this batch was applied meanwhile by a writer that did not lock its accounts first'
      USING ERRCODE = 'serialization_failure';
  END IF;
  -- By the primary key (a join with the unnested arrays is planned as a scan of every account).
  UPDATE account.accounts a SET balance = balances[array_position(ids, a.id)]
  WHERE a.id = ANY (ARRAY(SELECT moved.id FROM unnest(ids, balances, opening) AS moved (id, balance, opening)
                          WHERE moved.balance <> moved.opening));
  INSERT INTO account.ledger_entries (movement_id, account_id, amount, balance_after)
  SELECT * FROM unnest(entry_movements, entry_accounts, entry_amounts, entry_balances);

  RETURN QUERY SELECT * FROM unnest(outcomes, replays);
END;
$$;
