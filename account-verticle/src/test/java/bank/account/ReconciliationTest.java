package bank.account;

import static bank.account.AccountFixture.applyTransfer;
import static bank.account.AccountFixture.call;
import static bank.account.AccountFixture.failureCode;
import static bank.account.AccountFixture.move;
import static bank.account.AccountFixture.open;
import static bank.account.AccountFixture.send;
import static bank.account.AccountFixture.sendAs;
import static org.assertj.core.api.Assertions.assertThat;

import bank.common.Caller;
import bank.common.Caller.Role;
import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.ErrorCode;
import bank.contracts.account.AccountService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Reconciliation of the account service's books, on a real PostgreSQL")
class ReconciliationTest {

  private DatabaseConfig database;

  /** A database of its own per test: reconciliation looks at every account. */
  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    database = AccountFixture.migratedDatabase();
    vertx.deployVerticle(new AccountVerticle(database)).onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("after deposits, withdrawals and transfers through the service the books balance, per currency")
  void balances(Vertx vertx, VertxTestContext context) {
    Future.all(open(vertx, "EUR"), open(vertx, "EUR"), open(vertx, "USD"))
        .compose(opened -> {
          String first = opened.resultAt(0);
          String second = opened.resultAt(1);
          String dollars = opened.resultAt(2);
          return move(vertx, "deposit", first, 1_000, null)
              .compose(done -> move(vertx, "withdraw", first, 200, null))
              .compose(done -> move(vertx, "withdraw", first, 5_000, null)) // rejected: moves nothing
              .compose(done -> move(vertx, "deposit", second, 300, null))
              .compose(done -> move(vertx, "deposit", dollars, 50, null))
              .compose(done -> applyTransfer(vertx, "tr_" + first, first, second, 250))
              .compose(done -> applyTransfer(vertx, "tr_over_" + first, first, second, 10_000)); // rejected
        })
        .compose(moved -> reconcile(vertx))
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.getBoolean("balanced")).isTrue();
          assertThat(report.getLong("accounts")).isEqualTo(3);
          assertThat(report.getLong("differences")).isZero();
          assertThat(Instant.parse(report.getString("checkedAt"))).isBefore(Instant.now().plusSeconds(60));
          assertThat(report.getJsonArray("accountDifferences")).isEmpty();
          assertThat(report.getJsonArray("currencies")).containsExactly(
              currency("EUR", 2, 1_100, 1_300, 200, 0, 0),
              currency("USD", 1, 50, 50, 0, 0, 0));
          assertThat(report.getJsonArray("currencies").getJsonObject(0).getValue("balances")).isInstanceOf(Long.class);
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("a balance changed behind the ledger's back is listed with its difference, and its currency is off by as much")
  void findsTamperedBalance(Vertx vertx, VertxTestContext context) {
    Future.all(open(vertx, "EUR"), open(vertx, "EUR"))
        .compose(opened -> {
          String tampered = opened.resultAt(0);
          String intact = opened.resultAt(1);
          return move(vertx, "deposit", tampered, 700, null)
              .compose(done -> move(vertx, "deposit", intact, 100, null))
              .compose(done -> sql(vertx, "UPDATE account.accounts SET balance = balance + 5 WHERE id = $1", tampered))
              .compose(done -> reconcile(vertx))
              .map(report -> {
                context.verify(() -> {
                  assertThat(report.getBoolean("balanced")).isFalse();
                  assertThat(report.getLong("differences")).as("the account and its currency").isEqualTo(2);
                  assertThat(report.getJsonArray("accountDifferences")).containsExactly(difference(tampered, 705, 700));
                  assertThat(report.getJsonArray("currencies")).containsExactly(currency("EUR", 2, 805, 800, 0, 0, 5));
                });
                return report;
              });
        })
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("transfer entries of a currency that do not sum to zero unbalance it, though every account matches its ledger")
  void findsOneLeggedTransfer(Vertx vertx, VertxTestContext context) {
    open(vertx, "EUR")
        .compose(account -> sql(vertx, "INSERT INTO account.movements (id, kind) VALUES ('tr_one_leg', 'TRANSFER')")
            .compose(done -> sql(vertx, "INSERT INTO account.ledger_entries (movement_id, account_id, amount, balance_after)"
                + " VALUES ('tr_one_leg', $1, 7, 7)", account))
            .compose(done -> sql(vertx, "UPDATE account.accounts SET balance = 7 WHERE id = $1", account)))
        .compose(done -> reconcile(vertx))
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.getBoolean("balanced")).isFalse();
          assertThat(report.getLong("differences")).isEqualTo(1);
          assertThat(report.getJsonArray("accountDifferences")).isEmpty();
          assertThat(report.getJsonArray("currencies")).containsExactly(currency("EUR", 1, 7, 0, 0, 7, 7));
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("of more than 1000 differing accounts the first 1000 are listed, oldest first, and all are counted")
  void listsAtMostAThousand(Vertx vertx, VertxTestContext context) {
    sql(vertx, "INSERT INTO account.accounts (id, owner, currency, balance)"
        + " SELECT 'acc_bulk_' || lpad(i::text, 4, '0'), 'bulk', 'CHF', 1 FROM generate_series(1, 1001) i")
        .compose(done -> reconcile(vertx))
        .onComplete(context.succeeding(report -> context.verify(() -> {
          JsonArray listed = report.getJsonArray("accountDifferences");
          assertThat(report.getLong("accounts")).isEqualTo(1_001);
          assertThat(report.getLong("differences")).as("1001 accounts and CHF").isEqualTo(1_002);
          assertThat(listed).hasSize(Reconciliation.MAX_LISTED);
          assertThat(listed.getJsonObject(0).getString("accountId")).isEqualTo("acc_bulk_0001");
          assertThat(listed.getJsonObject(999).getString("accountId")).isEqualTo("acc_bulk_1000");
          assertThat(report.getJsonArray("currencies")).containsExactly(currency("CHF", 1_001, 1_001, 0, 0, 0, 1_001));
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("a reconciliation sums only the entries after the checkpoints the one before left, and still finds a balance changed since")
  void startsFromTheCheckpoints(Vertx vertx, VertxTestContext context) {
    Future.all(open(vertx, "EUR"), open(vertx, "EUR"))
        .compose(opened -> {
          String first = opened.resultAt(0);
          String second = opened.resultAt(1);
          return move(vertx, "deposit", first, 1_000, null)
              .compose(done -> move(vertx, "deposit", second, 100, null))
              .compose(done -> reconcile(vertx))
              .compose(report -> {
                context.verify(() -> {
                  assertThat(report.getBoolean("full")).isFalse();
                  assertThat(report.getLong("entriesSummed")).as("no checkpoint yet: every entry").isEqualTo(2);
                });
                return move(vertx, "withdraw", first, 300, null);
              })
              .compose(done -> applyTransfer(vertx, "tr_" + first, first, second, 200))
              .compose(done -> reconcile(vertx))
              .compose(report -> {
                context.verify(() -> {
                  assertThat(report.getBoolean("balanced")).isTrue();
                  assertThat(report.getLong("entriesSummed")).as("the withdrawal and the two legs").isEqualTo(3);
                  assertThat(report.getJsonArray("currencies")).containsExactly(currency("EUR", 2, 800, 1_100, 300, 0, 0));
                });
                return reconcile(vertx);
              })
              .compose(report -> {
                context.verify(() -> assertThat(report.getLong("entriesSummed")).as("nothing new").isZero());
                return sql(vertx, "UPDATE account.accounts SET balance = balance + 5 WHERE id = $1", second);
              })
              .compose(done -> reconcile(vertx))
              .map(report -> {
                context.verify(() -> {
                  assertThat(report.getBoolean("balanced")).isFalse();
                  assertThat(report.getJsonArray("accountDifferences")).containsExactly(difference(second, 305, 300));
                });
                return report;
              });
        })
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("an entry changed before the checkpoint escapes a reconciliation but not the full one, and from then on none")
  void fullFindsWhatTheCheckpointHides(Vertx vertx, VertxTestContext context) {
    open(vertx, "EUR")
        .compose(account -> move(vertx, "deposit", account, 700, null)
            .compose(done -> reconcile(vertx))
            .compose(done -> sql(vertx, "UPDATE account.ledger_entries SET amount = 705 WHERE account_id = $1", account))
            .compose(done -> reconcile(vertx))
            .compose(report -> {
              context.verify(() -> assertThat(report.getBoolean("balanced")).as("the checkpoint is trusted").isTrue());
              return reconcileAll(vertx);
            })
            .compose(report -> {
              context.verify(() -> {
                assertThat(report.getBoolean("full")).isTrue();
                assertThat(report.getLong("entriesSummed")).isEqualTo(1);
                assertThat(report.getJsonArray("accountDifferences")).containsExactly(difference(account, 700, 705));
              });
              return reconcile(vertx);
            }))
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.getBoolean("balanced")).as("its checkpoint is gone").isFalse();
          assertThat(report.getLong("entriesSummed")).isEqualTo(1);
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("reconciliations side by side with transfers in flight all balance, and so does the full one after them")
  void balancesWhileMoneyMoves(Vertx vertx, VertxTestContext context) {
    int accounts = 10;
    List<Future<String>> opening = IntStream.range(0, accounts).mapToObj(i -> open(vertx, "EUR")).toList();
    Future.all(opening)
        .map(opened -> opening.stream().map(Future::result).toList())
        .compose(ids -> Future.all(ids.stream().map(id -> move(vertx, "deposit", id, 10_000, null)).toList()).map(ids))
        .compose(ids -> {
          Random random = new Random(16);
          List<Future<?>> running = new ArrayList<>();
          for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 15; i++) {
              String from = ids.get(random.nextInt(accounts));
              String to = ids.get(random.nextInt(accounts));
              running.add(applyTransfer(vertx, "tr_" + round + "_" + i, from, to, 1 + random.nextInt(500)));
            }
            running.add(reconcile(vertx).andThen(context.succeeding(report -> context.verify(() ->
                assertThat(report.getBoolean("balanced")).as("a reconciliation among the transfers").isTrue()))));
          }
          return Future.all(running);
        })
        .compose(done -> reconcileAll(vertx))
        .compose(full -> {
          context.verify(() -> assertThat(full.getBoolean("balanced")).isTrue());
          return reconcile(vertx);
        })
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.getBoolean("balanced")).isTrue();
          assertThat(report.getLong("entriesSummed")).isZero();
          assertThat(report.getJsonArray("currencies")).containsExactly(currency("EUR", accounts, 100_000, 100_000, 0, 0, 0));
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("the ledger's entry ids are drawn one at a time (CACHE 1), as the checkpoints need: a cache would hand out ids ahead of the account's lock")
  void entryIdsAreNotCached(Vertx vertx, VertxTestContext context) {
    Pool pool = Databases.pool(vertx, database, "reconciliation-test");
    pool.query("SELECT cache_size FROM pg_sequences WHERE schemaname = 'account' AND sequencename = 'ledger_entries_id_seq'")
        .execute()
        .eventually(pool::close)
        .onComplete(context.succeeding(rows -> context.verify(() -> {
          assertThat(rows.size()).isEqualTo(1);
          assertThat(rows.iterator().next().getLong("cache_size")).isEqualTo(1);
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("a customer is refused (4030), an auditor is answered")
  void refusesCustomer(Vertx vertx, VertxTestContext context) {
    Caller customer = new Caller("ann", EnumSet.of(Role.CUSTOMER));
    Caller auditor = new Caller("audrey", EnumSet.of(Role.AUDITOR));
    sendAs(vertx, customer, "reconcile", new JsonObject())
        .transform(refused -> {
          context.verify(() -> assertThat(refused.failed() ? failureCode(refused.cause()) : 0)
              .isEqualTo(ErrorCode.FORBIDDEN.code()));
          return sendAs(vertx, auditor, "reconcile", new JsonObject());
        })
        .onComplete(context.succeeding(answered -> context.verify(() -> {
          assertThat(answered.body().getBoolean("balanced")).isTrue();
          context.completeNow();
        })));
  }

  private static Future<JsonObject> reconcile(Vertx vertx) {
    return call(vertx, AccountService::reconcile).map(bank.contracts.account.Reconciliation::toJson);
  }

  private static Future<JsonObject> reconcileAll(Vertx vertx) {
    return call(vertx, AccountService::reconcileAll).map(bank.contracts.account.Reconciliation::toJson);
  }

  /** A statement run straight on the database, behind the service's back. */
  private Future<Void> sql(Vertx vertx, String statement, Object... parameters) {
    Pool pool = Databases.pool(vertx, database, "reconciliation-test");
    return pool.preparedQuery(statement).execute(Tuple.from(parameters)).<Void>mapEmpty().eventually(pool::close);
  }

  /** An account of EUR listed as differing from its ledger. */
  private static JsonObject difference(String accountId, long balance, long ledger) {
    return new JsonObject().put("accountId", accountId).put("currency", "EUR").put("balance", balance)
        .put("ledger", ledger).put("difference", balance - ledger);
  }

  private static JsonObject currency(String code, long accounts, long balances, long deposits, long withdrawals,
      long transfersNet, long difference) {
    return new JsonObject().put("currency", code).put("accounts", accounts).put("balances", balances)
        .put("deposits", deposits).put("withdrawals", withdrawals).put("transfersNet", transfersNet)
        .put("difference", difference);
  }
}
