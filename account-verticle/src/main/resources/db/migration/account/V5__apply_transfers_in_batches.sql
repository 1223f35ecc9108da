-- Group commit: the transfers that arrive together are applied by one call in one transaction (see
-- bank.common.Batcher), each by apply_transfer with its own outcome.
--
-- Every account of the batch is locked first, all at once and in id order: batches running side
-- by side (other instances, other nodes) then wait for one another instead of deadlocking, since
-- none holds an account while it waits for another.
CREATE FUNCTION apply_transfers(transfer_ids text[], from_ids text[], to_ids text[], amounts bigint[])
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
