package bank.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import bank.common.Caller;
import bank.common.Deadline;
import bank.common.ServiceCaller;
import bank.common.ServiceDirectory;
import bank.common.Wire;
import bank.contracts.transfer.Transfer;
import bank.contracts.transfer.TransferOrder;
import bank.contracts.transfer.TransferOutcome;
import bank.contracts.transfer.TransferPage;
import bank.contracts.transfer.TransferService;
import bank.contracts.transfer.TransferServiceV1;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two versions of a contract side by side, as a rolling upgrade has them: an instance of this
 * release serves both, and a caller of this release speaks version 1 to an instance of 0.1.0.
 * Shown with the transfer service's contract and a service that echoes what it was asked.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Contract versions side by side")
class ContractVersionsTest {

  private static final Caller TELLER = new Caller("tom", EnumSet.of(Caller.Role.TELLER));

  private ServiceDirectory directory;

  /** A caller of this release, which finds the instances already started. */
  private ContractCaller<TransferService> transfers(Vertx vertx) throws Exception {
    directory = new ServiceDirectory(vertx);
    await(directory.start());
    return new ContractCaller<>(vertx, new ServiceCaller(vertx, directory, TransferService.NAME),
        TransferService::proxy, TransferServiceV1::client);
  }

  @AfterEach
  void stop() {
    if (directory != null) {
      directory.stop();
    }
  }

  @Test
  @DisplayName("an instance of this release answers a typed call and a version 1 message alike, replays included")
  void servesBoth(Vertx vertx) throws Exception {
    await(ServiceEndpoint.start(vertx, TransferService.NAME, TransferService.ADDRESS, TransferService.class, new Echo(),
        TransferServiceV1.actions(new Echo())));
    ContractCaller<TransferService> transfers = transfers(vertx);

    TransferOutcome typed = await(transfers.call(CallContext.of("r-1", TELLER), Deadline.in(5_000),
        (service, context) -> service.create(context, TransferOrder.of("acc_a", "acc_b", 5, null, "key-1"))));
    Message<JsonObject> flat = await(new ServiceCaller(vertx, directory, TransferService.NAME).request("create",
        new JsonObject().put("from", "acc_a").put("to", "acc_b").put("amount", 5).putNull("reference").put("idempotencyKey", "key-1"),
        "r-2", TELLER, Deadline.in(5_000)));

    assertThat(typed.transfer().toJson().copy().put("contract", 1)).isEqualTo(flat.body());
    assertThat(typed.transfer().toJson().getInteger("contract")).isEqualTo(CallContext.CONTRACT);
    assertThat(flat.body().getInteger("contract")).isEqualTo(1);
    assertThat(flat.body().getString("askedBy")).as("the caller, from version 1's headers").isEqualTo("tom");
    assertThat(typed.replayed()).isTrue();
    assertThat(flat.headers().get(Wire.REPLAYED)).isEqualTo("true");
  }

  @Test
  @DisplayName("a caller of this release speaks version 1 to an instance of 0.1.0, whose record names no typed contract")
  void callsAnOldInstance(Vertx vertx) throws Exception {
    await(ServiceEndpoint.start(vertx, TransferService.NAME, TransferService.ADDRESS, TransferServiceV1.actions(new Echo())));
    ContractCaller<TransferService> transfers = transfers(vertx);

    Transfer found = await(transfers.call(CallContext.of("r-3", TELLER), Deadline.in(5_000),
        (service, context) -> service.get(context, "tr_1")));
    TransferPage page = await(transfers.call(CallContext.of("r-4", TELLER), Deadline.in(5_000),
        (service, context) -> service.listByAccount(context, "acc_a", new PageRequest(new JsonObject().put("limit", 3)))));

    assertThat(found.id()).isEqualTo("tr_1");
    assertThat(found.toJson().getInteger("contract")).as("served by the version 1 actions").isEqualTo(1);
    assertThat(found.toJson().getString("askedBy")).isEqualTo("tom");
    assertThat(page.toJson().getInteger("limit")).isEqualTo(3);
  }

  @Test
  @DisplayName("a reader ignores the fields it does not know and fills defaults for those that are missing")
  void tolerantReader(Vertx vertx) throws Exception {
    await(ServiceEndpoint.start(vertx, TransferService.NAME, TransferService.ADDRESS, TransferService.class, new Echo(),
        TransferServiceV1.actions(new Echo())));
    transfers(vertx);
    String address = directory.contractAddressOf(directory.live(TransferService.NAME).get(0));
    DeliveryOptions get = new DeliveryOptions().addHeader(Wire.ACTION, "get");

    JsonObject newer = new JsonObject().put("id", "tr_2").put("addedInVersion3", true)
        .put("context", CallContext.of("r-5", TELLER).toJson().put("tenant", "not known here"));
    JsonObject bare = new JsonObject().put("id", "tr_3");

    Message<JsonObject> fromNewer = await(vertx.eventBus().request(address, newer, get));
    Message<JsonObject> withoutContext = await(vertx.eventBus().request(address, bare, get));

    assertThat(fromNewer.body().getString("id")).isEqualTo("tr_2");
    assertThat(fromNewer.body().getString("askedBy")).isEqualTo("tom");
    assertThat(withoutContext.body().getString("id")).isEqualTo("tr_3");
    assertThat(withoutContext.body().getString("askedBy")).as("no caller: the bank itself").isNull();
    assertThat(withoutContext.body().getInteger("contract")).as("no version: 1").isEqualTo(1);
    assertThat(new TransferOutcome(new JsonObject()).replayed()).as("a missing flag is false").isFalse();
  }

  /** Answers with what it was asked: the id or order, the caller, the contract version; every create is a replay. */
  private static final class Echo implements TransferService {

    @Override
    public Future<TransferOutcome> create(CallContext context, TransferOrder order) {
      return Future.succeededFuture(new TransferOutcome(new Transfer(order.toJson().copy().put("id", "tr_echo")
          .put("askedBy", context.caller().subject()).put("contract", context.contract())), true));
    }

    @Override
    public Future<Transfer> get(CallContext context, String id) {
      return Future.succeededFuture(new Transfer(new JsonObject().put("id", id)
          .put("askedBy", context.caller().subject()).put("contract", context.contract())));
    }

    @Override
    public Future<TransferPage> listByAccount(CallContext context, String accountId, PageRequest page) {
      return Future.succeededFuture(new TransferPage(new JsonObject().put("limit", page.limit())));
    }

    @Override
    public Future<Health> health(CallContext context) {
      return Future.succeededFuture(Health.ofDatabaseUp());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
