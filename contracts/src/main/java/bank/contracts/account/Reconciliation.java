package bank.contracts.account;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * The books checked in one snapshot. Amounts are integers of minor units.
 * <ul>
 * <li>{@code checkedAt}: the database's time of the check (ISO instant, UTC); {@code accounts}: how
 * many accounts were checked (all of them).
 * <li>{@code accountDifferences}: the accounts whose {@code balance} differs from {@code ledger}, the
 * sum of their ledger entries, with {@code accountId}, {@code currency} and {@code difference} =
 * {@code balance - ledger}; at most 1000 listed, oldest first, all counted in {@code differences}.
 * <li>{@code currencies}: one per currency that has an account, by code: {@code accounts},
 * {@code balances} (their sum), {@code deposits}, {@code withdrawals} (a positive number),
 * {@code transfersNet} (the transfers' entries, 0 as each transfer's legs cancel out) and
 * {@code difference} = {@code balances - (deposits - withdrawals)}, 0 when the books balance.
 * <li>{@code differences}: the differing accounts plus the currencies whose {@code difference} or
 * {@code transfersNet} is not 0; {@code balanced} is {@code differences == 0}.
 * </ul>
 */
@DataObject
public final class Reconciliation {

  private final JsonObject json;

  public Reconciliation(JsonObject json) {
    this.json = json;
  }

  public boolean balanced() {
    return json.getBoolean("balanced", false);
  }

  public JsonObject toJson() {
    return json;
  }
}
