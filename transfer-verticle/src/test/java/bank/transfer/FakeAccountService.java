package bank.transfer;

import bank.common.ErrorCode;
import bank.common.ServiceRegistration;
import bank.common.Wire;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the account service (an instance at an address of its own, with a discovery record): answers {@code apply-transfer} with
 * COMPLETED in EUR up to {@link #LIMIT}, with an INSUFFICIENT_FUNDS rejection above it, and
 * counts the calls per transfer id. The real service is exercised by the end-to-end tests.
 */
final class FakeAccountService {

  static final String ADDRESS = "bank.account.fake";
  static final long LIMIT = 1_000;

  private final Map<String, Integer> calls = new ConcurrentHashMap<>();
  /** Accounts whose transfers get no answer the first time they are asked for: a frozen account node. */
  private final Set<String> frozenOnce = ConcurrentHashMap.newKeySet();
  private final Set<String> froms = ConcurrentHashMap.newKeySet();

  private FakeAccountService() {
  }

  static Future<FakeAccountService> register(Vertx vertx) {
    FakeAccountService fake = new FakeAccountService();
    return vertx.eventBus().<JsonObject>consumer(ADDRESS, fake::handle).completion()
        .compose(registered -> ServiceRegistration.publish(vertx, TransferProcess.ACCOUNT_SERVICE, ADDRESS))
        .map(fake);
  }

  /** The first transfer from {@code account} gets no answer, as if the account node froze. */
  void freezeOnce(String account) {
    frozenOnce.add(account);
  }

  /** Whether a transfer from {@code account} was asked for. */
  boolean askedFrom(String account) {
    return froms.contains(account);
  }

  /** How many times the transfer service asked to apply this transfer. */
  int applies(String transferId) {
    return calls.getOrDefault(transferId, 0);
  }

  private void handle(Message<JsonObject> message) {
    if (!"apply-transfer".equals(message.headers().get(Wire.ACTION))) {
      message.fail(ErrorCode.INVALID_REQUEST.code(), "the fake account service only applies transfers");
      return;
    }
    JsonObject legs = message.body();
    calls.merge(legs.getString("transferId"), 1, Integer::sum);
    froms.add(legs.getString("from"));
    if (frozenOnce.remove(legs.getString("from"))) {
      return;
    }
    long amount = legs.getLong("amount");
    if (amount > LIMIT) {
      message.reply(new JsonObject().put("status", "REJECTED").put("reason", ErrorCode.INSUFFICIENT_FUNDS.name())
          .put("detail", "account " + legs.getString("from") + " holds less than " + amount));
      return;
    }
    message.reply(new JsonObject().put("status", "COMPLETED").put("currency", "EUR"));
  }
}
