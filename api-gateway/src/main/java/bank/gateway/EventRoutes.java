package bank.gateway;

import bank.common.BankIdentity;
import bank.common.Caller;
import bank.common.ErrorCode;
import bank.common.ServiceException;
import bank.common.Wire;
import bank.contracts.PageRequest;
import bank.contracts.account.AccountService;
import bank.contracts.audit.AuditService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET /events}: the audit trail as Server-Sent Events, as it is recorded. The audit service
 * publishes each event it records; that only wakes the streams up. Each stream then reads the
 * trail after the last {@code seq} it sent, so it sends every event once and in {@code seq}
 * order even when a publish is lost or two audit nodes' publishes cross, and a client that
 * reconnects with {@code Last-Event-ID} resumes where it left off. A timer wakes the streams
 * too, for the publishes that were lost.
 */
final class EventRoutes {

  private static final long CATCH_UP_MS = 5_000;
  /** Streams per gateway instance: each costs a connection and a read of the trail per event. */
  private static final int MAX_STREAMS = 1_000;
  private static final int OWN_ACCOUNTS_PAGE = 1_000;

  private final Vertx vertx;
  private final ServiceClient<AuditService> audit;
  private final ServiceClient<AccountService> accounts;
  private final Set<EventStream> streams = new HashSet<>();
  private MessageConsumer<JsonObject> recorded;
  private long catchUpTimer;

  EventRoutes(Vertx vertx, ServiceClient<AuditService> audit, ServiceClient<AccountService> accounts) {
    this.vertx = vertx;
    this.audit = audit;
    this.accounts = accounts;
  }

  Future<Void> start() {
    String bankId = BankIdentity.of(vertx);
    // Another bank sharing the cluster publishes the seqs of its own trail: they would move the streams' start.
    recorded = vertx.eventBus().<JsonObject>consumer(AuditService.EVENTS_ADDRESS, event -> {
      if (!Wire.isFromAnotherBank(event, bankId)) {
        List.copyOf(streams).forEach(stream -> stream.recorded(event.body().getLong("seq", 0L)));
      }
    });
    catchUpTimer = vertx.setPeriodic(CATCH_UP_MS, tick -> List.copyOf(streams).forEach(EventStream::tick));
    return recorded.completion();
  }

  /** Ends every stream (clients reconnect to another gateway with Last-Event-ID) and stops listening. */
  Future<Void> stop() {
    vertx.cancelTimer(catchUpTimer);
    List.copyOf(streams).forEach(EventStream::end);
    return recorded == null ? Future.succeededFuture() : recorded.unregister();
  }

  void stream(RoutingContext context) {
    if (streams.size() >= MAX_STREAMS) {
      context.fail(new ServiceException(ErrorCode.UNAVAILABLE, "this gateway follows " + MAX_STREAMS + " streams already"));
      return;
    }
    String accountId = context.queryParams().get("accountId");
    long after = lastEventId(context);
    visibleTo(context, AccessPolicy.caller(context), accountId)
        .onSuccess(visible -> {
          EventStream stream = new EventStream(context, audit, accountId, visible, after, streams::remove);
          streams.add(stream);
          stream.open();
        })
        .onFailure(context::fail);
  }

  /**
   * Which events the caller may see. A customer sees the events of its own accounts, including the
   * ones it opens while it follows; everyone else reads any account, so sees every event.
   */
  private Future<Predicate<JsonObject>> visibleTo(RoutingContext context, Caller caller, String accountId) {
    if (accountId != null) {
      // The account service answers 404 for an account the caller may not read.
      return accounts.call(context, (service, call) -> service.get(call, accountId)).map(found -> event -> true);
    }
    if (!caller.seesOnlyOwn()) {
      return Future.succeededFuture(event -> true);
    }
    return ownAccounts(context, null, new HashSet<>()).map(own -> event -> {
      JsonObject data = event.getJsonObject("data", new JsonObject());
      if ("AccountOpened".equals(event.getString("type")) && caller.subject().equals(data.getString("owner"))) {
        own.add(event.getString("entityId"));
      }
      return event.getJsonArray("accountIds").stream().anyMatch(own::contains);
    });
  }

  /** The customer's accounts: the account service lists a customer only its own. */
  private Future<Set<String>> ownAccounts(RoutingContext context, String after, Set<String> found) {
    JsonObject page = new JsonObject().put("limit", OWN_ACCOUNTS_PAGE);
    if (after != null) {
      page.put("after", after);
    }
    return accounts.call(context, (service, call) -> service.list(call, new PageRequest(page))).compose(listed -> {
      listed.toJson().getJsonArray("items").forEach(account -> found.add(((JsonObject) account).getString("id")));
      String next = listed.toJson().getString("next");
      return next == null ? Future.succeededFuture(found) : ownAccounts(context, next, found);
    });
  }

  /**
   * The seq the client saw last ({@code Last-Event-ID}, which openapi.yaml has already checked is 1
   * to 18 digits), or -1 to start with the next event recorded.
   */
  private static long lastEventId(RoutingContext context) {
    String header = context.request().getHeader("Last-Event-ID");
    return header == null ? -1 : Long.parseLong(header);
  }
}
