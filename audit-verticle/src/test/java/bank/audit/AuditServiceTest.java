package bank.audit;

import static bank.audit.AuditFixture.account;
import static bank.audit.AuditFixture.event;
import static bank.audit.AuditFixture.items;
import static bank.audit.AuditFixture.list;
import static bank.audit.AuditFixture.record;
import static bank.audit.AuditFixture.wholeTrail;
import static bank.audit.AuditFixture.withoutSeq;
import static org.assertj.core.api.Assertions.assertThat;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.ErrorCode;
import bank.contracts.audit.AuditService;
import bank.postgres.PostgresServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The audit service, on a real PostgreSQL")
class AuditServiceTest {

  private static DatabaseConfig database;

  @BeforeAll
  static void createSchema() {
    database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    Databases.migrate(database, AuditVerticle.SCHEMA);
  }

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    vertx.deployVerticle(new AuditVerticle(database)).onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("a batch of events is stored as given, each with a seq")
  void records(Vertx vertx, VertxTestContext context) {
    String account = account();
    JsonObject opened = event("AccountOpened", account);
    JsonObject deposited = event("DepositMade", account);
    record(vertx, opened, deposited)
        .compose(recorded -> {
          context.verify(() -> assertThat(recorded)
              .isEqualTo(new JsonObject().put("received", 2).put("recorded", 2)));
          return list(vertx, account, null, 10);
        })
        .onComplete(context.succeeding(page -> context.verify(() -> {
          assertThat(items(page)).map(AuditFixture::withoutSeq).containsExactly(opened, deposited);
          assertThat(items(page)).allSatisfy(event -> assertThat(event.getLong("seq")).isPositive());
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("a batch delivered again records nothing new, and the trail still holds each event once")
  void dropsDuplicates(Vertx vertx, VertxTestContext context) {
    JsonObject first = event("TransferCompleted", account(), account());
    JsonObject second = event("TransferRejected", account(), account());
    record(vertx, first, second)
        .compose(recorded -> record(vertx, first, second))
        .compose(again -> {
          context.verify(() -> assertThat(again).isEqualTo(new JsonObject().put("received", 2).put("recorded", 0)));
          return wholeTrail(vertx, 2);
        })
        .onComplete(context.succeeding(trail -> context.verify(() -> {
          List<String> ids = trail.stream().map(event -> event.getString("id")).toList();
          assertThat(ids).containsOnlyOnce(first.getString("id"), second.getString("id")).doesNotHaveDuplicates();
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("the trail is listed in seq order, a page at a time, following the next cursor")
  void listsInSeqOrder(Vertx vertx, VertxTestContext context) {
    String account = account();
    List<JsonObject> batch = List.of(event("AccountOpened", account), event("DepositMade", account),
        event("WithdrawalMade", account));
    record(vertx, batch.toArray(JsonObject[]::new))
        .compose(recorded -> list(vertx, account, null, 2))
        .compose(firstPage -> list(vertx, account, firstPage.getString("next"), 2).map(secondPage -> {
          context.verify(() -> {
            assertThat(firstPage.getString("next")).isNotNull();
            assertThat(secondPage.getString("next")).isNull();
            List<JsonObject> shown = new ArrayList<>(items(firstPage));
            shown.addAll(items(secondPage));
            assertThat(shown).map(AuditFixture::withoutSeq).containsExactlyElementsOf(batch);
            assertThat(shown).map(event -> event.getLong("seq")).isSorted().doesNotHaveDuplicates();
          });
          return secondPage;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("listing by account shows only the events that involve that account")
  void filtersByAccount(Vertx vertx, VertxTestContext context) {
    String ann = account();
    String bob = account();
    JsonObject annOpened = event("AccountOpened", ann);
    JsonObject bobOpened = event("AccountOpened", bob);
    JsonObject between = event("TransferCompleted", ann, bob);
    record(vertx, annOpened, bobOpened, between)
        .compose(recorded -> list(vertx, ann, null, 10))
        .compose(annPage -> list(vertx, bob, null, 10).map(bobPage -> {
          context.verify(() -> {
            assertThat(items(annPage)).map(AuditFixture::withoutSeq).containsExactly(annOpened, between);
            assertThat(items(bobPage)).map(AuditFixture::withoutSeq).containsExactly(bobOpened, between);
          });
          return bobPage;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("a newly recorded event is published on bank.audit.events with its seq")
  void publishes(Vertx vertx, VertxTestContext context) {
    JsonObject deposited = event("DepositMade", account());
    vertx.eventBus().<JsonObject>consumer(AuditService.EVENTS_ADDRESS, published -> {
      if (published.body().getString("id").equals(deposited.getString("id"))) {
        context.verify(() -> {
          assertThat(withoutSeq(published.body())).isEqualTo(deposited);
          assertThat(published.body().getLong("seq")).isPositive();
          context.completeNow();
        });
      }
    }).completion()
        .compose(listening -> record(vertx, deposited))
        .onFailure(context::failNow);
  }

  @Test
  @DisplayName("a batch with an event of an unknown type is refused with INVALID_REQUEST and none of it is stored")
  void refusesUnknownType(Vertx vertx, VertxTestContext context) {
    String account = account();
    record(vertx, event("AccountOpened", account), event("AccountClosed", account))
        .<JsonObject>compose(
            unexpected -> Future.failedFuture(new AssertionError("an unknown event type was recorded")),
            failure -> {
              context.verify(() -> assertThat(((ReplyException) failure).failureCode())
                  .isEqualTo(ErrorCode.INVALID_REQUEST.code()));
              return list(vertx, account, null, 10);
            })
        .onComplete(context.succeeding(page -> context.verify(() -> {
          assertThat(items(page)).isEmpty();
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("each event keeps its contract version: one relayed by a node of 0.1.0, which names none, is version 1; a version that is not a positive integer is refused")
  void keepsEventVersions(Vertx vertx, VertxTestContext context) {
    String account = account();
    JsonObject fromOldNode = event("AccountOpened", account);
    fromOldNode.remove("version");
    JsonObject fromNewerNode = event("DepositMade", account).put("version", 2).put("addedInVersion2", "ignored");
    record(vertx, fromOldNode, fromNewerNode)
        .compose(recorded -> record(vertx, event("DepositMade", account).put("version", "two"))
            .<JsonObject>compose(
                unexpected -> Future.failedFuture(new AssertionError("a bad version was recorded")),
                failure -> {
                  context.verify(() -> assertThat(((ReplyException) failure).failureCode())
                      .isEqualTo(ErrorCode.INVALID_REQUEST.code()));
                  return list(vertx, account, null, 10);
                }))
        .onComplete(context.succeeding(page -> context.verify(() -> {
          assertThat(items(page)).extracting(event -> event.getInteger("version")).containsExactly(1, 2);
          assertThat(items(page).get(1).containsKey("addedInVersion2")).as("kept: only the trail's fields").isFalse();
          context.completeNow();
        })));
  }
}
