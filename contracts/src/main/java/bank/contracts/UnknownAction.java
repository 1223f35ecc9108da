package bank.contracts;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.serviceproxy.ServiceException;

/**
 * An action an older release does not serve. The generated handler of such an instance fails it as
 * "Invalid action" (code 500), and a version 1 client ({@code *ServiceV1}) fails a method that
 * 0.1.0 had not in the same words; a caller then falls back to what that release did serve.
 */
public final class UnknownAction {

  /** How the generated handler starts its failure's message. */
  static final String MESSAGE = "Invalid action";

  private UnknownAction() {
  }

  public static boolean is(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && reply.getMessage() != null && reply.getMessage().startsWith(MESSAGE);
  }

  /** The failure a version 1 client gives for {@code action}, which 0.1.0 did not serve. */
  public static ServiceException of(String action) {
    return new ServiceException(500, MESSAGE + ": " + action);
  }
}
