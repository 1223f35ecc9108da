package bank.contracts;

import bank.common.ErrorCode;
import bank.common.Failures;
import bank.common.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands between a contract's generated handler and the service's implementation, so that every
 * method is served alike: its request id is on the context for the logs, a call whose time is up is
 * not started (its caller has given up on the answer), a failure becomes the {@link ErrorCode} the
 * caller gets ({@link Failures}), and the calls in flight are counted for a graceful leave.
 */
final class CallGuard<S> implements InvocationHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CallGuard.class);

  private final String service;
  private final S implementation;
  private int inFlight;
  private Promise<Void> idle;

  private CallGuard(String service, S implementation) {
    this.service = service;
    this.implementation = implementation;
  }

  /** {@code implementation}, guarded: what to bind at the instance's address. */
  static <S> Guarded<S> guard(String service, Class<S> contract, S implementation) {
    CallGuard<S> guard = new CallGuard<>(service, implementation);
    S proxy = contract.cast(Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[] {contract}, guard));
    return new Guarded<>(proxy, guard);
  }

  record Guarded<S>(S service, CallGuard<S> guard) {
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(implementation, args);
    }
    if (args[0] == null) {
      args[0] = new CallContext(new JsonObject());  // a tolerant reader: a call without one gets the defaults
    }
    CallContext context = (CallContext) args[0];
    RequestContext.set(context.requestId());
    if (context.deadline().expired()) {
      return Future.failedFuture(new ServiceException(ErrorCode.TIMEOUT.code(),
          service + " got no time to answer within the request's deadline"));
    }
    Future<?> outcome;
    inFlight++;
    try {
      outcome = (Future<?>) method.invoke(implementation, args);
    } catch (InvocationTargetException e) {
      outcome = Future.failedFuture(e.getCause());
    }
    outcome.onComplete(done -> {
      if (done.succeeded()) {
        LOG.debug("{} {} answered", service, method.getName());
      }
      inFlight--;
      if (inFlight == 0 && idle != null) {
        idle.tryComplete();
      }
    });
    return outcome.recover(failure ->
        Future.failedFuture(Failures.answer(service, method.getName(), context.requestId(), failure)));
  }

  /** Completes once no call is being served: ask after the consumer stopped taking new ones. */
  Future<Void> idle() {
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    idle = Promise.promise();
    return idle.future();
  }
}
