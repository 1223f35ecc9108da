package bank.common;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * The request id of the work at hand, kept on the Vert.x context that handles it, so that every log
 * line written for that request carries it ({@link RequestIdConverter}), whichever event-loop
 * thread runs it. Vert.x gives each HTTP request and each event-bus message a context of its own (a
 * duplicate of the verticle's), and the callbacks of its futures run on it: a thread-local MDC would
 * mix the requests that share an event loop.
 *
 * <p>Vert.x loads this class as a service provider before it creates any context, which is when a
 * context local must be registered.
 */
public final class RequestContext implements VertxServiceProvider {

  private static final ContextLocal<String> REQUEST_ID = ContextLocal.registerLocal(String.class);

  @Override
  public void init(VertxBootstrap bootstrap) {
    // Nothing to set up: loading the class registered the context local.
  }

  /** Marks the current request's context; does nothing outside a request (a verticle's own context). */
  public static void set(String requestId) {
    Context context = Vertx.currentContext();
    if (requestId != null && context instanceof ContextInternal internal && internal.isDuplicate()) {
      context.putLocal(REQUEST_ID, requestId);
    }
  }

  /** The id of the request being handled on this thread, or null. */
  public static String requestId() {
    Context context = Vertx.currentContext();
    return context == null ? null : context.getLocal(REQUEST_ID);
  }
}
