package bank.common;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Sends requests to one service: each to the next live instance, round robin, at the instance's own
 * address, within the request's {@link Deadline}. Every action of every service is safe to repeat
 * (reads; writes carry an Idempotency-Key or an id), so a request whose instance cannot answer is
 * sent to another one within the same deadline:
 * <ul>
 *   <li>a message that found no handler never reached the service: sent again at once;</li>
 *   <li>a request in flight to a node that leaves the cluster fails at once (the clustered event bus
 *   would drop it silently and let the sender wait out its timeout) and is sent to another instance;</li>
 *   <li>an instance that does not answer within the attempt time (frozen, cut off) gets a twin
 *   attempt at another instance, whichever answers first wins. Hedges are rationed (about one for ten
 *   answers) so that a service slow for everyone is not sent twice the work.</li>
 * </ul>
 * A caller may guard each instance (the gateway puts a circuit breaker on each).
 */
public final class ServiceCaller {

  /** Wraps the calls to one instance; an open guard makes the caller prefer the other instances. */
  public interface Guard {
    boolean isOpen(String address);

    <T> Future<T> call(String address, Supplier<Future<T>> send);
  }

  /** An instance to call: its address, and where it serves its typed contract (null: version 1 only). */
  public record Target(String address, String contractAddress) {
  }

  /** One attempt of a call at one instance. */
  public interface Attempt<T> {
    /**
     * Sends the call to {@code target} with {@code options} (the sender's bank, the send timeout), as
     * attempt number {@code number} of the call, giving the receiver {@code budgetMs} to answer.
     */
    Future<T> send(Target target, DeliveryOptions options, int number, long budgetMs);
  }

  /** How long an attempt may take before a twin attempt goes to another instance: one hop's worth. */
  public static final long ATTEMPT_MS = 1_000;
  /** An attempt that never ends before the deadline: for actions that take long by nature (a full scan). */
  public static final long PATIENT = Long.MAX_VALUE;
  private static final int MAX_ATTEMPTS = 6;
  /** After a retry met the earlier attempt still holding its key: how long before asking again. */
  private static final long IN_FLIGHT_PAUSE_MS = 100;
  private static final double HEDGE_TOKENS_MAX = 10;
  private static final double HEDGE_TOKENS_PER_ANSWER = 0.1;
  private static final Guard UNGUARDED = new Guard() {
    @Override
    public boolean isOpen(String address) {
      return false;
    }

    @Override
    public <T> Future<T> call(String address, Supplier<Future<T>> send) {
      return send.get();
    }
  };

  /** The failure of a request in flight to a node that left the cluster: its outcome is unknown. */
  public static final class InstanceLost extends ReplyException {
    InstanceLost(String service, String nodeId) {
      super(ReplyFailure.TIMEOUT, -1, "the " + service + " instance handling the request left the cluster (node "
          + nodeId + "); the outcome is unknown", false);
    }
  }

  private final Vertx vertx;
  private final ServiceDirectory directory;
  private final String service;
  private final Guard guard;
  private final long attemptMs;
  /** The answers awaited from each node, failed at once if it leaves. */
  private final Map<String, Set<Promise<?>>> awaitedByNode = new HashMap<>();
  private double hedgeTokens = HEDGE_TOKENS_MAX;
  private int next;

  public ServiceCaller(Vertx vertx, ServiceDirectory directory, String service) {
    this(vertx, directory, service, ATTEMPT_MS, UNGUARDED);
  }

  public ServiceCaller(Vertx vertx, ServiceDirectory directory, String service, long attemptMs) {
    this(vertx, directory, service, attemptMs, UNGUARDED);
  }

  public ServiceCaller(Vertx vertx, ServiceDirectory directory, String service, long attemptMs, Guard guard) {
    this.vertx = vertx;
    this.directory = directory;
    this.service = service;
    this.attemptMs = attemptMs;
    this.guard = guard;
    directory.onDeparture(this::departed);
  }

  public String service() {
    return service;
  }

  /** The addresses of the live instances. */
  public List<String> instances() {
    return directory.live(service);
  }

  /** As the bank itself. Fails with {@link ErrorCode#UNAVAILABLE} when the service has no live instance. */
  public Future<Message<JsonObject>> request(String action, JsonObject body, String requestId, Deadline deadline) {
    return request(action, body, requestId, Caller.INTERNAL, deadline, attemptMs);
  }

  /** On behalf of an HTTP caller: the service enforces what that caller may see and do. */
  public Future<Message<JsonObject>> request(String action, JsonObject body, String requestId, Caller caller,
      Deadline deadline) {
    return request(action, body, requestId, caller, deadline, attemptMs);
  }

  /** With an attempt time of its own ({@link #PATIENT}: one attempt, the whole deadline). */
  public Future<Message<JsonObject>> request(String action, JsonObject body, String requestId, Caller caller,
      Deadline deadline, long attemptMs) {
    return call(deadline, attemptMs, (target, options, number, budgetMs) ->
        vertx.eventBus().request(target.address(), body, version1(options, action, requestId, caller, budgetMs, number)));
  }

  /** A call made of {@code attempt}s, within {@code deadline}, each given {@link #ATTEMPT_MS} before a twin goes out. */
  public <T> Future<T> call(Deadline deadline, Attempt<T> attempt) {
    return call(deadline, attemptMs, attempt);
  }

  /** With an attempt time of its own ({@link #PATIENT}: one attempt, the whole deadline). */
  public <T> Future<T> call(Deadline deadline, long attemptMs, Attempt<T> attempt) {
    Exchange<T> exchange = new Exchange<>(attempt, deadline, attemptMs);
    exchange.launch();
    return exchange.result.future();
  }

  /** One call, and the attempts made for it. Used from the caller's event loop only. */
  private final class Exchange<T> {
    final Attempt<T> attempt;
    final Deadline deadline;
    final long attemptMs;
    final Promise<T> result = Promise.promise();
    final Set<String> tried = new HashSet<>();
    int attempts;
    int outstanding;
    Throwable lastFailure;

    Exchange(Attempt<T> attempt, Deadline deadline, long attemptMs) {
      this.attempt = attempt;
      this.deadline = deadline;
      this.attemptMs = attemptMs;
    }

    void launch() {
      if (result.future().isComplete()) {
        return;
      }
      List<String> candidates = directory.live(service).stream().filter(address -> !tried.contains(address)).toList();
      String address = pick(candidates, Math.min(attemptMs, deadline.remainingMs()));
      boolean timeLeft = deadline.remainingMs() > Deadline.HOP_MARGIN_MS && attempts < MAX_ATTEMPTS;
      if (address == null || !timeLeft) {
        // An attempt still out may yet answer; its send timeout is the deadline.
        if (outstanding == 0) {
          settle(lastFailure != null ? lastFailure : !timeLeft ? noTimeLeft(service)
              : new ServiceException(ErrorCode.UNAVAILABLE, service + " has no live instance"));
        }
        return;
      }
      attempts++;
      outstanding++;
      tried.add(address);
      long remaining = deadline.remainingMs();
      DeliveryOptions options = options(remaining);
      long budgetMs = deadline.forNextHop(remaining);
      int number = attempts;
      long hedgeTimer = candidates.size() > 1 && attemptMs < remaining
          ? vertx.setTimer(attemptMs, late -> hedge(address)) : -1;
      guard.call(address, () -> send(address, () -> attempt.send(target(address), options, number, budgetMs)))
          .onComplete(done -> {
            vertx.cancelTimer(hedgeTimer);
            outstanding--;
            if (done.succeeded()) {
              directory.answered(address);
              hedgeTokens = Math.min(HEDGE_TOKENS_MAX, hedgeTokens + HEDGE_TOKENS_PER_ANSWER);
              result.tryComplete(done.result());
            } else {
              failed(address, done.cause());
            }
          });
    }

    /**
     * The attempt at {@code address} is late: try another instance beside it. An instance that another
     * attempt already found silent, beside one that is not, is the instance's fault, not the service's:
     * the twin attempt is free. Otherwise the ration decides, so that a service slow for everyone is
     * not sent twice the work.
     */
    private void hedge(String address) {
      if (result.future().isComplete()) {
        return;
      }
      boolean knownSilent = directory.isSuspect(address) && hasHealthyOther(address);
      directory.suspect(address);
      if (!knownSilent) {
        if (hedgeTokens < 1) {
          return;
        }
        hedgeTokens--;
      }
      launch();
    }

    private boolean hasHealthyOther(String address) {
      return directory.live(service).stream()
          .anyMatch(other -> !other.equals(address) && !tried.contains(other) && isHealthy(other));
    }

    private void failed(String address, Throwable failure) {
      if (result.future().isComplete()) {
        return;
      }
      lastFailure = failure;
      if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        directory.answered(address);  // a refusal is an answer: the instance is alive
      }
      if (isUndelivered(failure)) {
        directory.unreachable(address);
      } else if (isSilence(failure)) {
        directory.suspect(address);
      }
      boolean inFlightBehindEarlier = isInFlightBehindEarlierAttempt(failure);
      if (isDefinite(failure) && !inFlightBehindEarlier) {
        settle(failure);
      } else if (outstanding > 0) {
        // Another attempt is out, and may still answer.
        return;
      } else if (inFlightBehindEarlier) {
        // The earlier attempt's instance holds the key until its work ends: ask any instance again shortly.
        tried.clear();
        vertx.setTimer(IN_FLIGHT_PAUSE_MS, pause -> launch());
      } else if (isUndelivered(failure) || failure instanceof InstanceLost || isTimeout(failure)) {
        launch();
      } else {
        settle(failure);
      }
    }

    private void settle(Throwable failure) {
      result.tryFail(failure);
    }

    private boolean isInFlightBehindEarlierAttempt(Throwable failure) {
      return attempts > 1 && failure instanceof ReplyException reply
          && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
          && ErrorCode.of(reply.failureCode()) == ErrorCode.IDEMPOTENCY_IN_FLIGHT;
    }

  }

  /**
   * One attempt at one given instance, not retried elsewhere: for what is about that instance itself
   * (the gateway's readiness asks each instance for its own health).
   */
  public <T> Future<T> callAt(String address, Deadline deadline, Attempt<T> attempt) {
    long remaining = deadline.remainingMs();
    if (remaining <= Deadline.HOP_MARGIN_MS) {
      return Future.failedFuture(noTimeLeft(service));
    }
    return send(address, () -> attempt.send(target(address), options(remaining), 1, deadline.forNextHop(remaining)));
  }

  /** {@link #callAt} in version 1's messages. */
  public Future<Message<JsonObject>> requestAt(String address, String action, JsonObject body, String requestId,
      Deadline deadline) {
    return callAt(address, deadline, (target, options, number, budgetMs) -> vertx.eventBus()
        .request(target.address(), body, version1(options, action, requestId, Caller.INTERNAL, budgetMs, number)));
  }

  private Target target(String address) {
    return new Target(address, directory.contractAddressOf(address));
  }

  /** What every attempt carries, whatever its contract: the sender's bank, and a send timeout at the deadline. */
  private DeliveryOptions options(long remaining) {
    return Wire.fromBank(new DeliveryOptions(), directory.bankId()).setSendTimeout(remaining);
  }

  /** The headers of a version 1 message: the action, the caller, what is left of the deadline, the attempt. */
  public static DeliveryOptions version1(DeliveryOptions options, String action, String requestId, Caller caller,
      long budgetMs, int attempt) {
    DeliveryOptions headers = new DeliveryOptions(options).addHeader(Wire.ACTION, action)
        .addHeader(Wire.BUDGET, String.valueOf(budgetMs))
        .addHeader(Wire.ATTEMPT, String.valueOf(attempt));
    if (requestId != null) {
      headers.addHeader(Wire.REQUEST_ID, requestId);
    }
    return caller.addTo(headers);
  }

  private static ServiceException noTimeLeft(String service) {
    return new ServiceException(ErrorCode.TIMEOUT, service + " could not answer within the request's deadline");
  }

  /** Sends one attempt, whose answer is failed at once should its node leave the cluster. */
  private <T> Future<T> send(String address, Supplier<Future<T>> attempt) {
    Promise<T> answer = Promise.promise();
    String node = directory.nodeOf(address);
    if (node != null) {
      awaitedByNode.computeIfAbsent(node, awaited -> new HashSet<>()).add(answer);
      answer.future().onComplete(done -> {
        Set<Promise<?>> awaited = awaitedByNode.get(node);
        if (awaited != null && awaited.remove(answer) && awaited.isEmpty()) {
          awaitedByNode.remove(node);
        }
      });
    }
    Future<T> sent;
    try {
      sent = attempt.get();
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    sent.onComplete(answer::tryComplete, answer::tryFail);
    return answer.future();
  }

  /**
   * The next instance among {@code candidates} whose guard is not open and that is not suspect; else
   * one whose guard is not open; else any (to fail fast).
   */
  private String pick(List<String> candidates, long attemptMs) {
    if (candidates.isEmpty()) {
      return null;
    }
    for (String address : candidates) {
      if (!guard.isOpen(address) && directory.takeTrial(address, attemptMs)) {
        return address;
      }
    }
    List<String> healthy = candidates.stream().filter(this::isHealthy).toList();
    List<String> closed = candidates.stream().filter(address -> !guard.isOpen(address)).toList();
    List<String> choice = !healthy.isEmpty() ? healthy : !closed.isEmpty() ? closed : candidates;
    next = (next + 1) & Integer.MAX_VALUE;
    return choice.get(next % choice.size());
  }

  /** Neither behind an open guard nor suspect. */
  private boolean isHealthy(String address) {
    return !guard.isOpen(address) && !directory.isSuspect(address);
  }

  private void departed(String nodeId) {
    Set<Promise<?>> awaited = awaitedByNode.remove(nodeId);
    if (awaited != null) {
      List.copyOf(awaited).forEach(answer -> answer.tryFail(new InstanceLost(service, nodeId)));
    }
  }

  public static boolean isUndelivered(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  /** The instance itself did not answer in time. */
  private static boolean isSilence(Throwable failure) {
    return failure instanceof ReplyException reply && !(failure instanceof InstanceLost)
        && reply.failureType() == ReplyFailure.TIMEOUT;
  }

  /** No answer in time: the instance is silent, or a service it called was. */
  static boolean isTimeout(Throwable failure) {
    return failure instanceof ReplyException reply && !(failure instanceof InstanceLost)
        && (reply.failureType() == ReplyFailure.TIMEOUT
            || reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && ErrorCode.of(reply.failureCode()) == ErrorCode.TIMEOUT);
  }

  /** The service answered, and another instance would answer the same: a business answer, or a refusal. */
  private static boolean isDefinite(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && ErrorCode.of(reply.failureCode()).httpStatus() < 500;
  }
}
