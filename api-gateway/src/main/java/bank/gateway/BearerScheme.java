package bank.gateway;

import bank.common.ErrorCode;
import bank.common.ServiceException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.JWTAuthHandler;
import java.util.List;

/**
 * In front of vertx-auth-jwt's handler: an {@code Authorization} header that does not use the Bearer
 * scheme ({@code Authorization: <token>}, {@code Basic ...}) is a {@code 401} saying so, with
 * {@code WWW-Authenticate: Bearer}. vertx-web answers a header without any scheme {@code 400 Bad
 * Request}, which tells the client nothing. What a bearer token is refused for stays unexplained.
 */
final class BearerScheme implements JWTAuthHandler {

  private static final String SCHEME = "Bearer ";

  private final JWTAuthHandler tokens;

  BearerScheme(JWTAuthHandler tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext context) {
    String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      // With the status, so that it counts against the caller's address as any unauthenticated request.
      context.fail(401, new ServiceException(ErrorCode.UNAUTHENTICATED,
          "the Authorization header must use the Bearer scheme: 'Authorization: Bearer <token>'"));
      return;
    }
    tokens.handle(context);
  }

  @Override
  public JWTAuthHandler scopeDelimiter(String delimiter) {
    tokens.scopeDelimiter(delimiter);
    return this;
  }

  @Override
  public JWTAuthHandler withScope(String scope) {
    tokens.withScope(scope);
    return this;
  }

  @Override
  public JWTAuthHandler withScopes(List<String> scopes) {
    tokens.withScopes(scopes);
    return this;
  }
}
