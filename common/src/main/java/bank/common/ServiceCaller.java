package bank.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * Sends requests to one service: each to the next live instance, round robin, at the instance's own
 * address. A message that found no handler never reached the service, so it is sent again to
 * another instance. A caller may guard each instance (the gateway puts a circuit breaker on each).
 */
public final class ServiceCaller {

  /** Wraps the calls to one instance; an open guard makes the caller prefer the other instances. */
  public interface Guard {
    boolean isOpen(String address);

    Future<Message<JsonObject>> call(String address, Supplier<Future<Message<JsonObject>>> send);
  }

  private static final int RESENDS = 3;
  private static final Guard UNGUARDED = new Guard() {
    @Override
    public boolean isOpen(String address) {
      return false;
    }

    @Override
    public Future<Message<JsonObject>> call(String address, Supplier<Future<Message<JsonObject>>> send) {
      return send.get();
    }
  };

  private final Vertx vertx;
  private final ServiceDirectory directory;
  private final String service;
  private final Guard guard;
  private int next;

  public ServiceCaller(Vertx vertx, ServiceDirectory directory, String service) {
    this(vertx, directory, service, UNGUARDED);
  }

  public ServiceCaller(Vertx vertx, ServiceDirectory directory, String service, Guard guard) {
    this.vertx = vertx;
    this.directory = directory;
    this.service = service;
    this.guard = guard;
  }

  public String service() {
    return service;
  }

  /** The addresses of the live instances. */
  public List<String> instances() {
    return directory.live(service);
  }

  /** Fails with {@link ErrorCode#UNAVAILABLE} when the service has no live instance. */
  public Future<Message<JsonObject>> request(String action, JsonObject body, String requestId, long timeoutMs) {
    return request(action, body, requestId, Caller.INTERNAL, timeoutMs);
  }

  /** On behalf of an HTTP caller: the service enforces what that caller may see and do. */
  public Future<Message<JsonObject>> request(String action, JsonObject body, String requestId, Caller caller,
      long timeoutMs) {
    return request(action, body, requestId, caller, timeoutMs, 0);
  }

  private Future<Message<JsonObject>> request(String action, JsonObject body, String requestId, Caller caller,
      long timeoutMs, int resent) {
    String address = pick();
    if (address == null) {
      return Future.failedFuture(new ServiceException(ErrorCode.UNAVAILABLE, service + " has no live instance"));
    }
    return guard.call(address, () -> vertx.eventBus().<JsonObject>request(address, body,
            caller.addTo(Wire.request(action, requestId, directory.bankId())).setSendTimeout(timeoutMs)))
        .recover(failure -> {
          if (isUndelivered(failure) && resent < RESENDS) {
            directory.unreachable(address);
            return request(action, body, requestId, caller, timeoutMs, resent + 1);
          }
          return Future.failedFuture(failure);
        });
  }

  /** The next instance whose guard is not open; if every guard is open, the next instance (to fail fast). */
  private String pick() {
    List<String> live = directory.live(service);
    if (live.isEmpty()) {
      return null;
    }
    List<String> usable = live.stream().filter(address -> !guard.isOpen(address)).toList();
    List<String> choice = usable.isEmpty() ? live : usable;
    next = (next + 1) & Integer.MAX_VALUE;
    return choice.get(next % choice.size());
  }

  public static boolean isUndelivered(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
