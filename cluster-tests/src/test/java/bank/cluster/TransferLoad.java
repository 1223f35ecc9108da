package bank.cluster;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients doing random keyed transfers between the given accounts, one after the other, each with a
 * key of its own, retried with that key until it is resolved ({@link KeyedClient}). With
 * {@code reads}, each client also reads an account after each transfer.
 */
final class TransferLoad {

  private final Http http;
  private final List<String> accounts;
  private final long maxAmount;
  private final boolean reads;
  private final List<KeyedClient.Outcome> outcomes = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private Workers clients;

  private TransferLoad(Http http, List<String> accounts, long maxAmount, boolean reads) {
    this.http = http;
    this.accounts = List.copyOf(accounts);
    this.maxAmount = maxAmount;
    this.reads = reads;
  }

  static TransferLoad start(Http http, List<String> accounts, int clients, long maxAmount, boolean reads) {
    TransferLoad load = new TransferLoad(http, accounts, maxAmount, reads);
    load.clients = Workers.start("transfers", clients, worker -> load.transferOnce());
    return load;
  }

  /** Stops the clients once their current transfer is resolved (or given up after 30 s). */
  void stop() throws InterruptedException {
    clients.stop(KeyedClient.BOUND.plus(Http.TIMEOUT));
  }

  List<KeyedClient.Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  List<Throwable> errors() {
    return clients.errors();
  }

  private void transferOnce() throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String from = ProcessCluster.any(accounts);
    String to = ProcessCluster.any(accounts.stream().filter(account -> !account.equals(from)).toList());
    JsonObject body = new JsonObject().put("from", from).put("to", to).put("amount", random.nextLong(1, maxAmount + 1));
    outcomes.add(KeyedClient.post(http, "/transfers", body, "load-" + run + "-" + sequence.incrementAndGet()));
    if (reads) {
      try {
        http.get("/accounts/" + from);
      } catch (IOException noAnswer) {
        // Counted by the client with the other answers.
      }
    }
  }
}
