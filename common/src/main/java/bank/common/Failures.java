package bank.common;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.serviceproxy.ServiceException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service answers when a request fails: the {@link ErrorCode} and detail its caller gets.
 * A business refusal keeps its own code; an outage is retryable; anything else is our bug, logged
 * with the request id, and the caller learns only that id.
 */
public final class Failures {

  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  private Failures() {
  }

  public static ServiceException answer(String service, String action, String requestId, Throwable failure) {
    if (failure instanceof ServiceException answered) {
      return answered;  // already an answer: a service this one called gave it
    }
    if (failure instanceof bank.common.ServiceException known) {
      return new ServiceException(known.code().code(), known.getMessage());
    }
    if (failure instanceof ConnectionPoolTooBusyException) {
      // Shedding load: this instance is healthy, and says so, so that no breaker opens for it.
      return new ServiceException(ErrorCode.BUSY.code(), "the database is busy: too many requests are waiting for it");
    }
    if (isOutage(failure)) {
      LOG.warn("{} {} unavailable, request {}: {}", service, action, requestId, failure.toString());
      return new ServiceException(ErrorCode.UNAVAILABLE.code(), "the database is unavailable");
    }
    LOG.error("{} {} failed, request {}", service, action, requestId, failure);
    return new ServiceException(ErrorCode.INTERNAL.code(), "internal error, request " + requestId);
  }

  /** The database is down, restarting or overloaded: not our bug, and worth a retry. */
  static boolean isOutage(Throwable failure) {
    if (failure instanceof PgException pg && pg.getSqlState() != null) {
      String sqlClass = pg.getSqlState().substring(0, 2);
      return sqlClass.equals("08") || sqlClass.equals("53") || sqlClass.equals("57");
    }
    return failure instanceof ConnectException
        || failure instanceof ClosedConnectionException
        || failure instanceof ConnectionPoolTooBusyException
        || failure.getCause() instanceof ConnectException;
  }
}
