package bank.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.InputTrustHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.HashMap;
import java.util.Map;

/**
 * Every request checked against openapi.yaml, as vertx-web-openapi-router's own validation does it
 * (the same parameter styles, content types, schemas and {@link ValidatorException}s, the same 400),
 * but with validators built once at start-up ({@link CompiledSchemas}) and on the event loop:
 * vertx-openapi 5.0.8 validates through {@code executeBlocking}, two thread hops per request for a
 * few microseconds of work on a small, size-limited body. Upstream has neither fixed (5.0.12, 5.1).
 */
final class RequestValidation extends RequestValidatorImpl {

  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();

  private RequestValidation(Vertx vertx, OpenAPIContract contract) {
    super(vertx, new CompiledContract(contract));
  }

  /**
   * Turns the builder's validation off on every route and puts this one first instead. Call it
   * before any handler is added: a route's handlers run in the order they were added, and an
   * input-trust handler must come before the ones that authorize.
   */
  static void install(Vertx vertx, OpenAPIContract contract, RouterBuilder builder) {
    RequestValidation validation = new RequestValidation(vertx, contract);
    for (OpenAPIRoute route : builder.getRoutes()) {
      route.setDoValidation(false).addHandler(validation.handler(route.getOperation()));
    }
  }

  private InputTrustHandler handler(Operation operation) {
    return context -> {
      Future<ValidatedRequest> validated;
      try {
        validated = extractor.extractValidatableRequest(context, operation)
            .compose(request -> validate(request, operation));
      } catch (RuntimeException e) {
        // The extractor decodes the URL before it answers a future, and may throw.
        validated = Future.failedFuture(e);
      }
      validated.onSuccess(request -> {
        context.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, request);
        context.next();
      }).onFailure(failure -> context.fail(failure instanceof ValidatorException
          ? new HttpException(400, failure.getMessage(), failure)
          : failure));
    };
  }

  /** The loop of {@link RequestValidatorImpl#validate(ValidatableRequest, String)}, on the caller's thread. */
  private Future<ValidatedRequest> validate(ValidatableRequest request, Operation operation) {
    try {
      Map<String, RequestParameter> cookies = new HashMap<>();
      Map<String, RequestParameter> headers = new HashMap<>();
      Map<String, RequestParameter> path = new HashMap<>();
      Map<String, RequestParameter> query = new HashMap<>();
      for (Parameter parameter : operation.getParameters()) {
        String name = parameter.getName();
        switch (parameter.getIn()) {
          case COOKIE -> cookies.put(name, validateParameter(parameter, request.getCookies().get(name)));
          case HEADER -> headers.put(name, validateParameter(parameter, request.getHeaders().get(name)));
          case PATH -> path.put(name, validateParameter(parameter, request.getPathParameters().get(name)));
          case QUERY -> query.put(name, validateParameter(parameter, request.getQuery().get(name)));
        }
      }
      RequestParameter body = validateBody(operation.getRequestBody(), request);
      return Future.succeededFuture(new ValidatedRequestImpl(cookies, headers, path, query, body));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
