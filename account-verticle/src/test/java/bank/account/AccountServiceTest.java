package bank.account;

import static bank.account.AccountFixture.applyTransfer;
import static bank.account.AccountFixture.balance;
import static bank.account.AccountFixture.move;
import static bank.account.AccountFixture.open;
import static bank.account.AccountFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import bank.common.DatabaseConfig;
import bank.common.ErrorCode;
import bank.common.Wire;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The account service, on a real PostgreSQL")
class AccountServiceTest {

  private static DatabaseConfig database;

  @BeforeAll
  static void createSchema() {
    database = AccountFixture.migratedDatabase();
  }

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    vertx.deployVerticle(new AccountVerticle(database)).onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("an account opens with balance 0 and can be read back")
  void opens(Vertx vertx, VertxTestContext context) {
    open(vertx, "EUR")
        .compose(account -> send(vertx, "get", new JsonObject().put("id", account)))
        .onComplete(context.succeeding(found -> context.verify(() -> {
          assertThat(found.body().getLong("balance")).isZero();
          assertThat(found.body().getString("currency")).isEqualTo("EUR");
          assertThat(found.body().getString("createdAt")).endsWith("Z");
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("an opening sent again with its key (a caller's retry on another instance) opens one account and answers it again")
  void opensOncePerKey(Vertx vertx, VertxTestContext context) {
    JsonObject request = new JsonObject().put("owner", "kim").put("currency", "EUR").put("idempotencyKey", "open-" + System.nanoTime());
    send(vertx, "open", request)
        .compose(first -> send(vertx, "open", request).compose(second -> send(vertx, "list", new JsonObject().put("limit", 1000))
            .map(page -> {
              context.verify(() -> {
                assertThat(second.body()).isEqualTo(first.body());
                assertThat(page.body().getJsonArray("items").stream().map(JsonObject.class::cast)
                    .filter(account -> account.getString("id").equals(first.body().getString("id")))).hasSize(1);
              });
              return page;
            })))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("a currency that is not ISO 4217 is refused")
  void refusesBadCurrency(Vertx vertx, VertxTestContext context) {
    send(vertx, "open", new JsonObject().put("owner", "ann").put("currency", "XYZ"))
        .onComplete(context.failing(failure -> context.verify(() -> {
          assertThat(((ReplyException) failure).failureCode()).isEqualTo(ErrorCode.INVALID_REQUEST.code());
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("a withdrawal larger than the balance is rejected and moves nothing")
  void rejectsOverdraft(Vertx vertx, VertxTestContext context) {
    open(vertx, "EUR")
        .compose(account -> move(vertx, "deposit", account, 500, null)
            .compose(deposited -> move(vertx, "withdraw", account, 501, null))
            .compose(rejected -> {
              context.verify(() -> assertThat(rejected.body().getString("reason")).isEqualTo("INSUFFICIENT_FUNDS"));
              return send(vertx, "get", new JsonObject().put("id", account));
            }))
        .onComplete(context.succeeding(found -> context.verify(() -> {
          assertThat(found.body().getLong("balance")).isEqualTo(500);
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("a deposit repeated with its Idempotency-Key gets the first outcome and adds nothing")
  void replaysDeposit(Vertx vertx, VertxTestContext context) {
    open(vertx, "EUR")
        .compose(account -> move(vertx, "deposit", account, 700, "key-" + account)
            .compose(first -> move(vertx, "deposit", account, 700, "key-" + account)
                .map(second -> {
                  context.verify(() -> {
                    assertThat(second.body()).isEqualTo(first.body());
                    assertThat(second.headers().get(Wire.REPLAYED)).isEqualTo("true");
                  });
                  return account;
                })))
        .compose(account -> send(vertx, "get", new JsonObject().put("id", account)))
        .onComplete(context.succeeding(found -> context.verify(() -> {
          assertThat(found.body().getLong("balance")).isEqualTo(700);
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("an Idempotency-Key reused for another amount is refused")
  void refusesReusedKey(Vertx vertx, VertxTestContext context) {
    open(vertx, "EUR")
        .compose(account -> move(vertx, "deposit", account, 700, "reused-" + account)
            .compose(first -> move(vertx, "deposit", account, 701, "reused-" + account)))
        .onComplete(context.failing(failure -> context.verify(() -> {
          assertThat(((ReplyException) failure).failureCode()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED.code());
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("a transfer applied twice with one id moves its money once")
  void appliesTransferOnce(Vertx vertx, VertxTestContext context) {
    Future.all(open(vertx, "EUR"), open(vertx, "EUR"))
        .compose(opened -> {
          String from = opened.resultAt(0);
          String to = opened.resultAt(1);
          JsonObject legs = new JsonObject().put("transferId", "tr_once_" + from).put("from", from).put("to", to)
              .put("amount", 300);
          return move(vertx, "deposit", from, 1000, null)
              .compose(deposited -> Future.all(send(vertx, "apply-transfer", legs), send(vertx, "apply-transfer", legs)))
              .compose(applied -> Future.all(balance(vertx, from), balance(vertx, to)));
        })
        .onComplete(context.succeeding(balances -> context.verify(() -> {
          assertThat(balances.<Long>resultAt(0)).isEqualTo(700);
          assertThat(balances.<Long>resultAt(1)).isEqualTo(300);
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("a transfer that cannot be applied is rejected with its reason, moves nothing, and a repeat gets the same answer")
  void rejectsTransfers(Vertx vertx, VertxTestContext context) {
    Future.all(open(vertx, "EUR"), open(vertx, "EUR"), open(vertx, "USD"))
        .compose(opened -> {
          String euros = opened.resultAt(0);
          String otherEuros = opened.resultAt(1);
          String dollars = opened.resultAt(2);
          return move(vertx, "deposit", euros, 100, null)
              .compose(deposited -> Future.all(List.of(
                  applyTransfer(vertx, "tr_same_" + euros, euros, euros, 10),
                  applyTransfer(vertx, "tr_unknown_" + euros, euros, "acc_missing", 10),
                  applyTransfer(vertx, "tr_currency_" + euros, euros, dollars, 10),
                  applyTransfer(vertx, "tr_funds_" + euros, euros, otherEuros, 101))))
              .compose(answers -> applyTransfer(vertx, "tr_funds_" + euros, euros, otherEuros, 101)
                  .map(repeat -> {
                    List<Message<JsonObject>> replies = new ArrayList<>(answers.list());
                    replies.add(repeat);
                    return replies;
                  }))
              .compose(replies -> Future.all(balance(vertx, euros), balance(vertx, otherEuros))
                  .map(balances -> {
                    context.verify(() -> {
                      assertThat(replies.subList(0, 4)).extracting(reply -> reply.body().getString("status"))
                          .containsOnly("REJECTED");
                      assertThat(replies.get(0).body().getString("detail")).isEqualTo("a transfer needs two different accounts");
                      assertThat(replies.get(1).body().getString("detail")).isEqualTo("no account acc_missing");
                      assertThat(replies.get(2).body().getString("detail"))
                          .isEqualTo("account " + euros + " holds EUR but account " + dollars + " holds USD");
                      assertThat(replies.get(3).body().getString("detail"))
                          .isEqualTo("account " + euros + " holds less than 101");
                      assertThat(replies.subList(0, 4)).extracting(reply -> reply.body().getString("reason"))
                          .containsExactly("SAME_ACCOUNT", "UNKNOWN_ACCOUNT", "CURRENCY_MISMATCH", "INSUFFICIENT_FUNDS");
                      assertThat(replies.get(4).body().encode()).isEqualTo(replies.get(3).body().encode());
                      assertThat(replies.get(4).headers().get(Wire.REPLAYED)).isEqualTo("true");
                      assertThat(balances.<Long>resultAt(0)).isEqualTo(100);
                      assertThat(balances.<Long>resultAt(1)).isZero();
                    });
                    return balances;
                  }));
        })
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("concurrent opposite transfers neither deadlock nor create, lose or overdraw money")
  void concurrentTransfers(Vertx vertx, VertxTestContext context) {
    int accounts = 4;
    long initial = 1_000;
    Random random = new Random(42);
    Future.all(IntStream.range(0, accounts).mapToObj(i -> open(vertx, "EUR")
            .compose(account -> move(vertx, "deposit", account, initial, null).map(account))).toList())
        .compose(opened -> {
          List<String> ids = opened.list();
          List<Future<Message<JsonObject>>> transfers = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            int from = random.nextInt(accounts);
            int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
            transfers.add(send(vertx, "apply-transfer", new JsonObject().put("transferId", "tr_c" + i + ids.get(0))
                .put("from", ids.get(from)).put("to", ids.get(to)).put("amount", 1 + random.nextInt(400))));
          }
          return Future.all(transfers)
              .compose(done -> Future.all(ids.stream().map(id -> balance(vertx, id)).toList()));
        })
        .onComplete(context.succeeding(balances -> context.verify(() -> {
          List<Long> values = balances.list();
          assertThat(values).allMatch(balance -> balance >= 0);
          assertThat(values.stream().mapToLong(Long::longValue).sum()).isEqualTo(accounts * initial);
          context.completeNow();
        })));
  }
}
