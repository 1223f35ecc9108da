package bank.gateway;

import bank.common.Deadline;
import bank.common.ErrorCode;
import bank.common.ServiceCaller;
import bank.common.ServiceDirectory;
import bank.contracts.CallContext;
import bank.contracts.ContractCaller;
import bank.contracts.Health;
import bank.contracts.UnknownAction;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one downstream service over the event bus, with a circuit breaker on each of its instances:
 * requests go round robin to the instances whose breaker is not open, so a dead or stuck instance
 * costs a few late attempts and is then left alone while the others serve. With no instance the call
 * fails at once (503); when every breaker is open too (503, fast). Business answers (404, 422, ...)
 * are not failures of the service and never open a breaker, nor does a busy service shedding load.
 * Every call of one HTTP request shares that request's deadline ({@code REQUEST_TIMEOUT_MS}).
 */
final class ServiceClient<S> implements ServiceCaller.Guard {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceClient.class);
  private static final int MAX_FAILURES = 5;
  private static final long RESET_MS = 5_000;
  /** Where an HTTP request's deadline is kept, so that its calls to several services share it. */
  private static final String DEADLINE = "bank.deadline";

  private final Vertx vertx;
  private final String service;
  private final ServiceCaller caller;
  /** The same instances without the breakers: readiness probes must not open or close them. */
  private final ServiceCaller prober;
  private final long timeoutMs;
  /** The service's contract, through the breakers and without them. */
  private final ContractCaller<S> contract;
  private final ContractCaller<S> probes;
  private final BiFunction<S, CallContext, Future<Health>> health;
  private final Map<String, CircuitBreaker> breakers = new HashMap<>();
  /** Instances whose half-open breaker is trying one request: the others go elsewhere meanwhile. */
  private final Set<String> onTrial = new HashSet<>();

  /**
   * Through the service's contract: {@code typed}, the generated proxy, {@code version1}, the same
   * interface in 0.1.0's messages, and its {@code health} method, which readiness calls.
   * {@code attemptMs}: how long an attempt at one instance may take before a twin attempt goes to
   * another (see {@link ServiceCaller}); a service that calls another one needs more.
   */
  ServiceClient(Vertx vertx, String service, ServiceDirectory directory, long timeoutMs, long attemptMs,
      ContractCaller.Proxies<S> typed, ContractCaller.Proxies<S> version1,
      BiFunction<S, CallContext, Future<Health>> health) {
    this.vertx = vertx;
    this.service = service;
    this.timeoutMs = timeoutMs;
    this.caller = new ServiceCaller(vertx, directory, service, attemptMs, this);
    this.prober = new ServiceCaller(vertx, directory, service);
    this.contract = new ContractCaller<>(vertx, caller, typed, version1);
    this.probes = new ContractCaller<>(vertx, prober, typed, version1);
    this.health = health;
  }

  /** {@code method} of the service, on behalf of the route's caller, within the HTTP request's deadline. */
  <T> Future<T> call(RoutingContext context, BiFunction<S, CallContext, Future<T>> method) {
    return contract.call(callContext(context), deadline(context), method);
  }

  /** For a method that takes long by nature (a scan of the books or of the trail): one attempt, the whole deadline. */
  <T> Future<T> callPatiently(RoutingContext context, BiFunction<S, CallContext, Future<T>> method) {
    return contract.call(callContext(context), deadline(context), ServiceCaller.PATIENT, method);
  }

  /** {@code method} as the bank itself, not on behalf of the HTTP caller: for work the gateway filters itself. */
  <T> Future<T> callAsBank(String requestId, BiFunction<S, CallContext, Future<T>> method) {
    return contract.call(CallContext.internal(requestId), Deadline.in(timeoutMs), method);
  }

  private static CallContext callContext(RoutingContext context) {
    return CallContext.of(RequestIds.of(context), AccessPolicy.caller(context));
  }

  /** The HTTP request's deadline, shared by its calls to several services. */
  private Deadline deadline(RoutingContext context) {
    Deadline deadline = context.get(DEADLINE);
    if (deadline == null) {
      deadline = Deadline.in(timeoutMs);
      context.put(DEADLINE, deadline);
    }
    return deadline;
  }

  /** Asks the instance at {@code address} whether it and its database are up; not counted by the breakers. */
  Future<JsonObject> healthOf(String address, long timeout) {
    return probes.callAt(address, CallContext.internal("readiness"), Deadline.in(timeout), health).map(Health::toJson);
  }

  /** The live instances' addresses. */
  List<String> addresses() {
    return caller.instances();
  }

  String service() {
    return service;
  }

  /** Each of these instances' address and the state of its breaker. */
  JsonArray nodes(List<String> addresses) {
    JsonArray nodes = new JsonArray();
    for (String address : addresses) {
      CircuitBreaker breaker = breakers.get(address);
      nodes.add(new JsonObject().put("address", address)
          .put("breaker", breaker == null ? CircuitBreakerState.CLOSED.name() : breaker.state().name()));
    }
    return nodes;
  }

  /** OPEN when every live instance's breaker is open, HALF_OPEN when some are, CLOSED otherwise. */
  CircuitBreakerState state() {
    List<String> live = caller.instances();
    long open = live.stream().filter(this::isOpen).count();
    if (open == 0) {
      return CircuitBreakerState.CLOSED;
    }
    return open == live.size() ? CircuitBreakerState.OPEN : CircuitBreakerState.HALF_OPEN;
  }

  @Override
  public boolean isOpen(String address) {
    CircuitBreaker breaker = breakers.get(address);
    return breaker != null && (breaker.state() == CircuitBreakerState.OPEN || onTrial.contains(address));
  }

  @Override
  public <T> Future<T> call(String address, Supplier<Future<T>> send) {
    CircuitBreaker breaker = breakers.get(address);
    if (breaker == null) {
      breaker = newBreaker(address);
    }
    if (breaker.state() != CircuitBreakerState.HALF_OPEN) {
      return breaker.execute(send);
    }
    onTrial.add(address);
    return breaker.execute(send).onComplete(done -> onTrial.remove(address));
  }

  /**
   * A breaker for an instance seen for the first time; the breakers of instances that are gone are
   * closed and dropped then, as a new instance usually means an old one left.
   */
  private CircuitBreaker newBreaker(String address) {
    List<String> live = caller.instances();
    breakers.entrySet().removeIf(gone -> {
      if (live.contains(gone.getKey())) {
        return false;
      }
      gone.getValue().close();
      return true;
    });
    CircuitBreaker breaker = breaker(address);
    breakers.put(address, breaker);
    return breaker;
  }

  private CircuitBreaker breaker(String address) {
    String name = service + " instance " + address;
    return CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
            .setMaxFailures(MAX_FAILURES)
            .setTimeout(timeoutMs)
            .setResetTimeout(RESET_MS)
            .setNotificationAddress(null))
        .failurePolicy(ServiceClient::isOutage)
        .openHandler(opened -> LOG.warn("circuit breaker for {} opened", name))
        .halfOpenHandler(halfOpen -> LOG.info("circuit breaker for {} half-open: trying again", name))
        .closeHandler(closed -> LOG.info("circuit breaker for {} closed", name));
  }

  /**
   * What counts against an instance's breaker: no answer, or the instance reporting an outage or a
   * bug of its own. Not a message that found no handler (it is sent to another instance), not
   * a 504 that the instance itself answered (a service further down was slow; this one is fine),
   * not a 503 "busy": an instance shedding load is healthy, and opening its breaker would turn
   * an overload into an outage, and not an action that an instance of an earlier release does not
   * serve (during a rolling upgrade): it serves the rest.
   */
  private static boolean isOutage(Future<?> outcome) {
    if (outcome.succeeded() || ServiceCaller.isUndelivered(outcome.cause()) || UnknownAction.is(outcome.cause())) {
      return false;
    }
    if (outcome.cause() instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      ErrorCode code = ErrorCode.of(reply.failureCode());
      return code.httpStatus() >= 500 && code != ErrorCode.TIMEOUT && code != ErrorCode.BUSY;
    }
    return true;
  }
}
