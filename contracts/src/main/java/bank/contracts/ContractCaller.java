package bank.contracts;

import bank.common.Deadline;
import bank.common.ServiceCaller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.function.BiFunction;

/**
 * Calls one service through its contract: each attempt ({@link ServiceCaller}: which instance,
 * retries, twin attempts) goes through a proxy for the instance it picked, in the contract that
 * instance serves: the typed one, or version 1 for an instance of 0.1.0.
 *
 * <pre>{@code
 * transfers.call(context, deadline, (service, attempt) -> service.get(attempt, id))
 * }</pre>
 */
public final class ContractCaller<S> {

  /** A proxy for the instance at {@code address}, whose messages carry {@code options}. */
  @FunctionalInterface
  public interface Proxies<S> {
    S at(Vertx vertx, String address, DeliveryOptions options);
  }

  private final Vertx vertx;
  private final ServiceCaller caller;
  private final Proxies<S> typed;
  private final Proxies<S> version1;

  /** {@code typed}: the generated proxy; {@code version1}: the same interface in 0.1.0's messages. */
  public ContractCaller(Vertx vertx, ServiceCaller caller, Proxies<S> typed, Proxies<S> version1) {
    this.vertx = vertx;
    this.caller = caller;
    this.typed = typed;
    this.version1 = version1;
  }

  public String service() {
    return caller.service();
  }

  /** {@code method} called at the instances {@link ServiceCaller} picks, each attempt with its own context. */
  public <T> Future<T> call(CallContext context, Deadline deadline, BiFunction<S, CallContext, Future<T>> method) {
    return caller.call(deadline, attempt(context, method));
  }

  /** With an attempt time of its own ({@link ServiceCaller#PATIENT}: one attempt, the whole deadline). */
  public <T> Future<T> call(CallContext context, Deadline deadline, long attemptMs,
      BiFunction<S, CallContext, Future<T>> method) {
    return caller.call(deadline, attemptMs, attempt(context, method));
  }

  /** One attempt at the instance at {@code address}: for what is about that instance itself (its health). */
  public <T> Future<T> callAt(String address, CallContext context, Deadline deadline,
      BiFunction<S, CallContext, Future<T>> method) {
    return caller.callAt(address, deadline, attempt(context, method));
  }

  /** Each attempt: {@code method} through a proxy for the instance picked, with the attempt's own context. */
  private <T> ServiceCaller.Attempt<T> attempt(CallContext context, BiFunction<S, CallContext, Future<T>> method) {
    return (target, options, number, budgetMs) -> method.apply(at(target, options), context.forAttempt(number, budgetMs));
  }

  private S at(ServiceCaller.Target target, DeliveryOptions options) {
    return target.contractAddress() != null
        ? typed.at(vertx, target.contractAddress(), options)
        : version1.at(vertx, target.address(), options);
  }
}
