package bank.common;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.serviceproxy.ServiceException;
import java.net.ConnectException;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service answers when a request fails: the {@link ErrorCode} and detail its caller gets.
 * A business refusal keeps its own code; an outage is retryable; anything else is our bug, logged
 * with the request id, and the caller learns only that id.
 */
public final class Failures {

  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
  private static final List<OutageDetector> DETECTORS = ServiceLoader.load(OutageDetector.class).stream()
      .map(ServiceLoader.Provider::get).toList();

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

  /** What a service depends on is down, restarting or overloaded: not our bug, and worth a retry. */
  static boolean isOutage(Throwable failure) {
    return failure instanceof ConnectException
        || failure instanceof ConnectionPoolTooBusyException
        || failure.getCause() instanceof ConnectException
        || DETECTORS.stream().anyMatch(detector -> detector.isOutage(failure));
  }
}
