package bank.contracts.account;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/** The {@code account}, and whether it {@code replayed} the first outcome of its Idempotency-Key. */
@DataObject
public final class AccountOutcome {

  private final Account account;
  private final boolean replayed;

  public AccountOutcome(Account account, boolean replayed) {
    this.account = account;
    this.replayed = replayed;
  }

  public AccountOutcome(JsonObject json) {
    this(new Account(json.getJsonObject("account", new JsonObject())), json.getBoolean("replayed", false));
  }

  public Account account() {
    return account;
  }

  public boolean replayed() {
    return replayed;
  }

  public JsonObject toJson() {
    return new JsonObject().put("account", account.toJson()).put("replayed", replayed);
  }
}
