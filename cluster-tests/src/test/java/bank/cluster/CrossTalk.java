package bank.cluster;

import bank.postgres.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One bank driven through its gateway while another bank runs beside it, counting the answers that
 * can only come from the other bank (issue 13's symptoms): a 404 for an account this bank has, a
 * keyed transfer whose replay answers another status than its first answer, readiness counting
 * instances this bank does not have, and afterwards ids its gateway gave that its own database lacks
 * or the other's holds. Blocking; one thread per bank.
 */
final class CrossTalk {

  private static final long FUNDS = 1_000;

  private final String bankId;
  private final Http http;
  /** Readiness is asked apart, so that the API's answers are counted alone. */
  private final Http probe;
  private final List<String> accounts = new ArrayList<>();
  private final List<String> transfers = new ArrayList<>();
  /** Each answer that another bank gave, described. */
  private final List<String> strays = new CopyOnWriteArrayList<>();
  /** Readiness answers other than 200 (a loaded machine's slow health check), described. */
  private final List<String> unready = new CopyOnWriteArrayList<>();

  private CrossTalk(String bankId, URI gateway) {
    this.bankId = bankId;
    this.http = new Http(gateway);
    this.probe = new Http(gateway);
  }

  /**
   * Opens and funds accounts, makes keyed transfers (some over the balance) and replays each, reads
   * the accounts: through clients of its own, so that their counts are this load's alone.
   */
  static CrossTalk drive(String bankId, URI gateway, int accounts, int transfers, int reads)
      throws IOException, InterruptedException {
    CrossTalk bank = new CrossTalk(bankId, gateway);
    Http http = bank.http;
    for (int i = 0; i < accounts; i++) {
      Http.Response opened = http.post("/accounts", new JsonObject().put("owner", bankId + "-" + i).put("currency", "EUR"));
      bank.expect("open an account", opened, 201);
      bank.accounts.add(opened.json().getString("id"));
      bank.expect("deposit", http.post("/accounts/" + bank.accounts.get(i) + "/deposits",
          new JsonObject().put("amount", FUNDS), "fund-" + UUID.randomUUID(), Http.TIMEOUT), 201);
    }
    for (int i = 0; i < transfers; i++) {
      bank.transfer();
      bank.checkReadiness();
    }
    for (int i = 0; i < reads; i++) {
      String account = ProcessCluster.any(bank.accounts);
      Http.Response read = http.get("/accounts/" + account);
      bank.expect("GET /accounts/" + account, read, 200);
      if (read.status() == 200 && !read.json().getString("owner").startsWith(bankId + "-")) {
        bank.strays.add("GET /accounts/" + account + " shows owner " + read.json().getString("owner"));
      }
      if (i % 20 == 0) {
        bank.checkReadiness();
      }
    }
    return bank;
  }

  /** A keyed transfer between two of this bank's accounts, then the same request again: the same status both times. */
  private void transfer() throws IOException, InterruptedException {
    String from = ProcessCluster.any(accounts);
    String to = ProcessCluster.any(accounts.stream().filter(account -> !account.equals(from)).toList());
    JsonObject body = new JsonObject().put("from", from).put("to", to)
        .put("amount", ThreadLocalRandom.current().nextLong(1, FUNDS * 3 / 2));
    String key = "tr-" + UUID.randomUUID();
    Http.Response first = http.post("/transfers", body, key, Http.TIMEOUT);
    Http.Response again = http.post("/transfers", body, key, Http.TIMEOUT);
    if (first.status() != 201 && first.status() != 422) {
      strays.add("POST /transfers " + key + ": " + first);
    } else {
      transfers.add(first.json().getString(first.status() == 201 ? "id" : "transferId"));
    }
    if (again.status() != first.status()) {
      strays.add("POST /transfers " + key + " answered " + first.status() + ", then " + again);
    }
  }

  /** This gateway's readiness: its own bank, and exactly one instance of each service (its own). */
  private void checkReadiness() throws IOException, InterruptedException {
    Readiness readiness = Readiness.of(probe.get("/health/ready", Duration.ofSeconds(5)));
    if (!readiness.ready()) {
      unready.add(readiness.toString());
    }
    String bank = cluster(readiness).getString("bank");
    if (!bankId.equals(bank)) {
      strays.add("readiness names bank " + bank);
    }
    for (Service service : Service.DATA) {
      if (readiness.instances(service) != 1) {
        strays.add("readiness counts " + readiness.instances(service) + " instances of " + service.check);
      }
    }
  }

  /** The {@code cluster} check's data: the gateway's {@code bank}, the cluster's {@code members} (of every bank in it). */
  static JsonObject cluster(Readiness readiness) {
    return readiness.body().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(check -> "cluster".equals(check.getString("id")))
        .findFirst().map(check -> check.getJsonObject("data")).orElse(new JsonObject());
  }

  private void expect(String what, Http.Response answer, int status) {
    if (answer.status() != status) {
      strays.add(what + ": " + answer);
    }
  }

  /** Every id this bank's gateway gave is in its own database and not in the other's. */
  void checkDatabases(String own, String other) throws SQLException {
    for (String[] table : new String[][] {{"account.accounts", "accounts"}, {"transfer.transfers", "transfers"}}) {
      List<String> ids = table[1].equals("accounts") ? accounts : transfers;
      long missing = ids.size() - count(own, table[0], ids);
      long elsewhere = count(other, table[0], ids);
      if (missing > 0 || elsewhere > 0) {
        strays.add(table[1] + " opened through this bank's gateway: " + missing + " missing from its database, "
            + elsewhere + " in the other bank's");
      }
    }
  }

  private static long count(String database, String table, List<String> ids) throws SQLException {
    try (Connection connection = PostgresServer.connect(database);
         PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE id = ANY (?)")) {
      query.setArray(1, connection.createArrayOf("text", ids.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  String bankId() {
    return bankId;
  }

  List<String> accounts() {
    return accounts;
  }

  int transfers() {
    return transfers.size();
  }

  List<String> strays() {
    return strays;
  }

  /** Readiness answers other than 200. */
  List<String> unready() {
    return unready;
  }

  /** The answers this bank's gateway gave to the API's requests, by status. */
  Map<Integer, Long> statuses() {
    return http.statuses();
  }
}
