package bank.audit;

import static bank.audit.AuditFixture.account;
import static bank.audit.AuditFixture.event;
import static bank.audit.AuditFixture.items;
import static bank.audit.AuditFixture.list;
import static bank.audit.AuditFixture.record;
import static bank.audit.AuditFixture.wholeTrail;
import static bank.audit.AuditFixture.withoutSeq;
import static bank.testing.Blocking.await;
import static bank.testing.Blocking.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.ErrorCode;
import bank.contracts.audit.AuditService;
import bank.postgres.PostgresServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The audit service through its contract, {@link AuditService}, as the outbox relays and the gateway use it. */
@ExtendWith(VertxExtension.class)
@DisplayName("The audit service, on a real PostgreSQL")
class AuditServiceTest {

  private static DatabaseConfig database;

  private Vertx vertx;

  @BeforeAll
  static void createSchema() {
    database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    Databases.migrate(database, AuditVerticle.SCHEMA);
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    this.vertx = vertx;
    await(vertx.deployVerticle(new AuditVerticle(database)));
  }

  @Test
  @DisplayName("a batch of events is stored as given, each with a seq")
  void records() {
    String account = account();
    JsonObject opened = event("AccountOpened", account);
    JsonObject deposited = event("DepositMade", account);

    JsonObject recorded = await(record(vertx, opened, deposited));
    JsonObject page = await(list(vertx, account, null, 10));

    assertThat(recorded).isEqualTo(new JsonObject().put("received", 2).put("recorded", 2));
    assertThat(items(page)).map(AuditFixture::withoutSeq).containsExactly(opened, deposited);
    assertThat(items(page)).allSatisfy(event -> assertThat(event.getLong("seq")).isPositive());
  }

  @Test
  @DisplayName("a batch delivered again records nothing new, and the trail still holds each event once")
  void dropsDuplicates() {
    JsonObject first = event("TransferCompleted", account(), account());
    JsonObject second = event("TransferRejected", account(), account());
    await(record(vertx, first, second));

    JsonObject again = await(record(vertx, first, second));
    List<JsonObject> trail = await(wholeTrail(vertx, 2));

    assertThat(again).isEqualTo(new JsonObject().put("received", 2).put("recorded", 0));
    List<String> ids = trail.stream().map(event -> event.getString("id")).toList();
    assertThat(ids).containsOnlyOnce(first.getString("id"), second.getString("id")).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("the trail is listed in seq order, a page at a time, following the next cursor")
  void listsInSeqOrder() {
    String account = account();
    List<JsonObject> batch = List.of(event("AccountOpened", account), event("DepositMade", account),
        event("WithdrawalMade", account));
    await(record(vertx, batch.toArray(JsonObject[]::new)));

    JsonObject firstPage = await(list(vertx, account, null, 2));
    JsonObject secondPage = await(list(vertx, account, firstPage.getString("next"), 2));

    assertThat(firstPage.getString("next")).isNotNull();
    assertThat(secondPage.getString("next")).isNull();
    List<JsonObject> shown = new ArrayList<>(items(firstPage));
    shown.addAll(items(secondPage));
    assertThat(shown).map(AuditFixture::withoutSeq).containsExactlyElementsOf(batch);
    assertThat(shown).map(event -> event.getLong("seq")).isSorted().doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("listing by account shows only the events that involve that account")
  void filtersByAccount() {
    String ann = account();
    String bob = account();
    JsonObject annOpened = event("AccountOpened", ann);
    JsonObject bobOpened = event("AccountOpened", bob);
    JsonObject between = event("TransferCompleted", ann, bob);
    await(record(vertx, annOpened, bobOpened, between));

    JsonObject annPage = await(list(vertx, ann, null, 10));
    JsonObject bobPage = await(list(vertx, bob, null, 10));

    assertThat(items(annPage)).map(AuditFixture::withoutSeq).containsExactly(annOpened, between);
    assertThat(items(bobPage)).map(AuditFixture::withoutSeq).containsExactly(bobOpened, between);
  }

  @Test
  @DisplayName("a newly recorded event is published on bank.audit.events with its seq")
  void publishes() {
    JsonObject deposited = event("DepositMade", account());
    Promise<JsonObject> heard = Promise.promise();
    await(vertx.eventBus().<JsonObject>consumer(AuditService.EVENTS_ADDRESS, published -> {
      if (published.body().getString("id").equals(deposited.getString("id"))) {
        heard.tryComplete(published.body());
      }
    }).completion());

    await(record(vertx, deposited));
    JsonObject published = await(heard.future());

    assertThat(withoutSeq(published)).isEqualTo(deposited);
    assertThat(published.getLong("seq")).isPositive();
  }

  @Test
  @DisplayName("a batch with an event of an unknown type is refused with INVALID_REQUEST and none of it is stored")
  void refusesUnknownType() {
    String account = account();

    Throwable refused = failureOf(record(vertx, event("AccountOpened", account), event("AccountClosed", account)));
    JsonObject page = await(list(vertx, account, null, 10));

    assertThat(((ReplyException) refused).failureCode()).isEqualTo(ErrorCode.INVALID_REQUEST.code());
    assertThat(items(page)).isEmpty();
  }

  @Test
  @DisplayName("each event keeps its contract version: one relayed by a node of 0.1.0, which names none, is version 1; a version that is not a positive integer is refused")
  void keepsEventVersions() {
    String account = account();
    JsonObject fromOldNode = event("AccountOpened", account);
    fromOldNode.remove("version");
    JsonObject fromNewerNode = event("DepositMade", account).put("version", 2).put("addedInVersion2", "ignored");

    await(record(vertx, fromOldNode, fromNewerNode));
    Throwable refused = failureOf(record(vertx, event("DepositMade", account).put("version", "two")));
    JsonObject page = await(list(vertx, account, null, 10));

    assertThat(((ReplyException) refused).failureCode()).isEqualTo(ErrorCode.INVALID_REQUEST.code());
    assertThat(items(page)).extracting(event -> event.getInteger("version")).containsExactly(1, 2);
    assertThat(items(page).get(1).containsKey("addedInVersion2")).as("kept: only the trail's fields").isFalse();
  }
}
