package bank.cluster;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients doing random keyed transfers between the given accounts, one after the other, each with a
 * key of its own, retried with that key until it is resolved ({@link KeyedClient}); after each
 * transfer, a client does what {@link Then} says.
 */
final class TransferLoad {

  /** What a client does after each transfer. */
  enum Then {
    NOTHING,
    /** Reads the account the money came from. */
    READ_ACCOUNT,
    /** Sends the resolved transfer again, same key and body, and keeps both answers ({@link Replay}). */
    REPLAY
  }

  /** A resolved transfer sent again with its key and body, retried as any keyed request, and what came back. */
  record Replay(KeyedClient.Outcome original, KeyedClient.Outcome replay) {

    /** The replay's definite answer is the original's: the same status and the same body. */
    boolean identical() {
      return replay.resolved() && replay.answer().status() == original.answer().status()
          && replay.answer().json().equals(original.answer().json());
    }

    @Override
    public String toString() {
      return "first " + original + "; replay " + replay;
    }
  }

  private final Http http;
  private final List<String> accounts;
  private final long maxAmount;
  private final Then then;
  private final List<KeyedClient.Outcome> outcomes = new CopyOnWriteArrayList<>();
  private final List<Replay> replays = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private Workers clients;

  private TransferLoad(Http http, List<String> accounts, long maxAmount, Then then) {
    this.http = http;
    this.accounts = List.copyOf(accounts);
    this.maxAmount = maxAmount;
    this.then = then;
  }

  static TransferLoad start(Http http, List<String> accounts, int clients, long maxAmount, Then then) {
    TransferLoad load = new TransferLoad(http, accounts, maxAmount, then);
    load.clients = Workers.start("transfers", clients, worker -> load.transferOnce());
    return load;
  }

  /** Stops the clients once their current transfer (and its replay) is resolved or given up after 30 s. */
  void stop() throws InterruptedException {
    clients.stop(KeyedClient.BOUND.multipliedBy(2).plus(Http.TIMEOUT));
  }

  /** The transfers, each once (their replays apart). */
  List<KeyedClient.Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  List<Replay> replays() {
    return List.copyOf(replays);
  }

  List<Throwable> errors() {
    return clients.errors();
  }

  private void transferOnce() throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String from = ProcessCluster.any(accounts);
    String to = ProcessCluster.any(accounts.stream().filter(account -> !account.equals(from)).toList());
    JsonObject body = new JsonObject().put("from", from).put("to", to).put("amount", random.nextLong(1, maxAmount + 1));
    String key = "load-" + run + "-" + sequence.incrementAndGet();
    KeyedClient.Outcome outcome = KeyedClient.post(http, "/transfers", body, key);
    outcomes.add(outcome);
    if (then == Then.READ_ACCOUNT) {
      try {
        http.get("/accounts/" + from);
      } catch (IOException noAnswer) {
        // Counted by the client with the other answers.
      }
    } else if (then == Then.REPLAY && outcome.resolved()) {
      replays.add(new Replay(outcome, KeyedClient.post(http, "/transfers", body, key)));
    }
  }
}
