package bank.gateway;

import bank.common.ErrorCode;
import bank.common.ServiceException;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.circuitbreaker.TimeoutException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: RFC 9457 problem+json, never a stack trace.
 * A 5xx is logged with the request id; a 4xx is the client's business. The request id travels in
 * the X-Request-Id header, not in the body, so that a replayed rejection is the same body.
 */
final class Problems {

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  static final String CONTENT_TYPE = "application/problem+json";
  private static final String RETRY_AFTER_SECONDS = "1";

  private Problems() {
  }

  /** The router's failure handler: every failed route ends here. */
  static void handle(RoutingContext context) {
    Throwable failure = context.failure();
    if (failure == null) {
      send(context, httpProblem(context.statusCode(), null));
    } else if (failure instanceof HttpException http && http.getCause() instanceof ValidatorException invalid) {
      send(context, new Problem(ErrorCode.INVALID_REQUEST, InputProblems.detail(invalid, context)));
    } else if (failure instanceof HttpException http) {
      send(context, httpProblem(http.getStatusCode(), http.getPayload() != null ? http.getPayload() : http.getMessage()));
    } else if (failure instanceof ServiceException) {
      send(context, fromFailure(failure));
    } else if (context.statusCode() >= 400 && context.statusCode() < 500) {
      // A vertx-web handler refused the request with a status (e.g. CORS: 403); its message is not for clients.
      send(context, httpProblem(context.statusCode(), null));
    } else {
      send(context, fromFailure(failure));
    }
  }

  /** A problem for a movement the service recorded as rejected (insufficient funds, ...). */
  static void rejected(RoutingContext context, JsonObject outcome, String transferId) {
    Problem problem = new Problem(ErrorCode.named(outcome.getString("reason")), outcome.getString("detail"));
    if (transferId != null) {
      problem.extra.put("transferId", transferId);
    }
    send(context, problem);
  }

  static void send(RoutingContext context, ErrorCode code, String detail) {
    send(context, new Problem(code, detail));
  }

  private static Problem fromFailure(Throwable failure) {
    if (failure instanceof ServiceException known) {
      return new Problem(known.code(), known.getMessage());
    }
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return new Problem(ErrorCode.UNAVAILABLE, "the service has no live instance");
      }
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return new Problem(ErrorCode.TIMEOUT, timeoutDetail());
      }
      return new Problem(ErrorCode.of(reply.failureCode()), reply.getMessage());
    }
    if (failure instanceof OpenCircuitException) {
      return new Problem(ErrorCode.UNAVAILABLE, "the service is failing; its circuit breaker is open");
    }
    if (failure instanceof TimeoutException) {
      return new Problem(ErrorCode.TIMEOUT, timeoutDetail());
    }
    return new Problem(ErrorCode.INTERNAL, null, failure);
  }

  private static String timeoutDetail() {
    return "the service did not answer in time; the outcome is unknown: retry with the same Idempotency-Key";
  }

  private static Problem httpProblem(int status, String detail) {
    return switch (status) {
      case 400 -> new Problem(ErrorCode.INVALID_REQUEST, detail == null ? "the request is malformed" : detail);
      // The token's fault is not explained: a forger learns nothing from the answer.
      case 401 -> new Problem(ErrorCode.UNAUTHENTICATED, "a valid bearer token is required");
      case 403 -> new Problem(ErrorCode.FORBIDDEN, "this operation is not allowed to the caller");
      case 404 -> new Problem(ErrorCode.NOT_FOUND, "no such resource");
      case 405 -> Problem.plain(405, "method-not-allowed", "Method not allowed", "this resource does not accept that method");
      case 413 -> Problem.plain(413, "payload-too-large", "Payload too large", "the body is larger than 64 KiB");
      case 415 -> Problem.plain(415, "unsupported-media-type", "Unsupported media type", "send the body as application/json");
      default -> status >= 500 ? new Problem(ErrorCode.INTERNAL, null) : Problem.plain(status, "http-" + status, "HTTP " + status, detail);
    };
  }

  private static void send(RoutingContext context, Problem problem) {
    String requestId = RequestIds.of(context);
    if (problem.slug.equals(ErrorCode.BUSY.slug())) {
      // Load shed: neither our bug nor an outage, and a line for each would add to the overload.
      LOG.debug("{} {} shed, request {}: {}", context.request().method(), context.request().path(), requestId, problem.detail);
    } else if (problem.status >= 500) {
      if (problem.cause != null) {
        LOG.error("{} {} failed, request {}", context.request().method(), context.request().path(), requestId, problem.cause);
      } else {
        LOG.warn("{} {} answered {}, request {}: {}", context.request().method(), context.request().path(),
            problem.status, requestId, problem.detail);
      }
    }
    if (context.response().headWritten()) {
      context.response().reset();
      return;
    }
    JsonObject body = new JsonObject()
        .put("type", "/problems/" + problem.slug)
        .put("title", problem.title)
        .put("status", problem.status)
        .put("detail", problem.detail != null ? problem.detail : problem.title + ", request " + requestId)
        .mergeIn(problem.extra);
    context.response().setStatusCode(problem.status).putHeader("Content-Type", CONTENT_TYPE);
    if (problem.status == 401) {
      context.response().putHeader("WWW-Authenticate", "Bearer");
    }
    if (problem.status == 503 || problem.status == 409 || problem.status == 429) {
      context.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    context.response().end(body.encode());
  }

  /** One problem: its status, type slug, title and detail. */
  private static final class Problem {
    final int status;
    final String slug;
    final String title;
    final String detail;
    final Throwable cause;
    final JsonObject extra = new JsonObject();

    Problem(ErrorCode code, String detail) {
      this(code, detail, null);
    }

    Problem(ErrorCode code, String detail, Throwable cause) {
      this(code.httpStatus(), code.slug(), code.title(), code == ErrorCode.INTERNAL ? null : detail, cause);
    }

    private Problem(int status, String slug, String title, String detail, Throwable cause) {
      this.status = status;
      this.slug = slug;
      this.title = title;
      this.detail = detail;
      this.cause = cause;
    }

    static Problem plain(int status, String slug, String title, String detail) {
      return new Problem(status, slug, title, detail, null);
    }
  }
}
