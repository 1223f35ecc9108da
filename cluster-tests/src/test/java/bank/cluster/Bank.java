package bank.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The bank's API as the tests use it outside the load: each call must succeed. Blocking. */
final class Bank {

  private final Http http;

  Bank(Http http) {
    this.http = http;
  }

  String openAccount(String owner) throws IOException, InterruptedException {
    Http.Response opened = http.post("/accounts", new JsonObject().put("owner", owner).put("currency", "EUR"));
    assertThat(opened.status()).as("open an account: %s", opened).isEqualTo(201);
    return opened.json().getString("id");
  }

  /** {@code count} accounts (owners {@code owner-0}, ...), each funded with {@code amount}: their ids. */
  List<String> openFunded(int count, long amount) throws IOException, InterruptedException {
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      accounts.add(openAccount("owner-" + i));
      deposit(accounts.get(i), amount);
    }
    return accounts;
  }

  /** A keyed deposit, retried until it is done. */
  void deposit(String account, long amount) throws InterruptedException {
    KeyedClient.Outcome deposit = KeyedClient.post(http, "/accounts/" + account + "/deposits",
        new JsonObject().put("amount", amount), "setup-" + UUID.randomUUID());
    assertThat(deposit.completed()).as("deposit: %s", deposit).isTrue();
  }

  /** A keyed transfer, retried until it is done; its id. */
  String transfer(String from, String to, long amount) throws InterruptedException {
    KeyedClient.Outcome transfer = KeyedClient.post(http, "/transfers",
        new JsonObject().put("from", from).put("to", to).put("amount", amount), "setup-" + UUID.randomUUID());
    assertThat(transfer.completed()).as("transfer: %s", transfer).isTrue();
    return transfer.answer().json().getString("id");
  }

  /** Every account's balance, read as one snapshot (one page: the tests open fewer than 1000 accounts). */
  Map<String, Long> balances() throws IOException, InterruptedException {
    Http.Response page = http.get("/accounts?limit=1000");
    assertThat(page.status()).as("list the accounts: %s", page).isEqualTo(200);
    return balancesOf(page.json());
  }

  static Map<String, Long> balancesOf(JsonObject page) {
    assertThat(page.getValue("next")).as("one page holds every account").isNull();
    Map<String, Long> balances = new LinkedHashMap<>();
    JsonArray items = page.getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      balances.put(items.getJsonObject(i).getString("id"), items.getJsonObject(i).getLong("balance"));
    }
    return balances;
  }

  long balance(String account) throws IOException, InterruptedException {
    Http.Response read = http.get("/accounts/" + account);
    assertThat(read.status()).as("read an account: %s", read).isEqualTo(200);
    return read.json().getLong("balance");
  }

  /** {@code GET /transfers/{id}}: the transfer's status, or the HTTP status when it is not a 200. */
  /** The transfer's status as {@code GET /transfers/{id}} shows it; over the rate limit, asks again when Retry-After says. */
  String transferStatus(String id) throws IOException, InterruptedException {
    Http.Response read = http.get("/transfers/" + id);
    while (read.status() == 429) {
      Thread.sleep(1_000L * Long.parseLong(read.header("Retry-After")));
      read = http.get("/transfers/" + id);
    }
    return read.status() == 200 ? read.json().getString("status") : "HTTP " + read.status();
  }

  /** How many of the given transfers {@code GET /transfers/{id}} does not show COMPLETED (read four at a time). */
  long notCompleted(Collection<String> transferIds) throws InterruptedException, ExecutionException {
    ExecutorService readers = Executors.newFixedThreadPool(4);
    try {
      List<Callable<String>> reads = transferIds.stream().<Callable<String>>map(id -> () -> transferStatus(id)).toList();
      long notCompleted = 0;
      for (Future<String> status : readers.invokeAll(reads)) {
        notCompleted += "COMPLETED".equals(status.get()) ? 0 : 1;
      }
      return notCompleted;
    } finally {
      readers.shutdown();
    }
  }

  /** The whole audit trail, page after page. */
  List<JsonObject> auditTrail() throws IOException, InterruptedException {
    List<JsonObject> events = new ArrayList<>();
    String after = null;
    do {
      Http.Response page = http.get("/audit?limit=1000" + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
      assertThat(page.status()).as("read the audit trail: %s", page).isEqualTo(200);
      JsonArray items = page.json().getJsonArray("items");
      items.forEach(item -> events.add((JsonObject) item));
      after = page.json().getString("next");
    } while (after != null);
    return events;
  }
}
