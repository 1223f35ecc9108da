package bank.gateway;

import bank.common.ServiceDirectory;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Wires the gateway: the OpenAPI contract validates every request, each route calls the services
 * it needs through their circuit breakers, and {@link Problems} answers every failure.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final long DRAIN_SECONDS = 10;
  /** The security scheme's name in openapi.yaml. */
  private static final String BEARER_SCHEME = "bearerAuth";
  private static final int CLOCK_SKEW_SECONDS = 5;

  private final GatewayConfig config;
  private ServiceDirectory directory;
  private HttpServer server;

  public GatewayVerticle(GatewayConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    directory = new ServiceDirectory(vertx);
    return directory.start()
        .compose(ready -> ApiContract.load(vertx))
        .compose(contract -> {
          server = vertx.createHttpServer(new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort()));
          return server.requestHandler(router(contract)).listen();
        });
  }

  private Router router(OpenAPIContract contract) {
    ServiceClient accounts = new ServiceClient(vertx, "account-service", directory, config.requestTimeoutMs());
    ServiceClient transfers = new ServiceClient(vertx, "transfer-service", directory, config.requestTimeoutMs());
    ServiceClient audit = new ServiceClient(vertx, "audit-service", directory, config.requestTimeoutMs());
    AccountRoutes accountRoutes = new AccountRoutes(accounts, transfers);
    TransferRoutes transferRoutes = new TransferRoutes(transfers);
    AuditRoutes auditRoutes = new AuditRoutes(audit);
    HealthRoutes health = new HealthRoutes(vertx, List.of(accounts, transfers, audit));

    RateLimits limits = new RateLimits(config.rateLimitPerSecond(), config.auth().enabled());
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler())
        .rootHandler(new RequestIds())
        .rootHandler(BrowserPolicy.headers())
        .rootHandler(limits.byAddress())
        .rootHandler(new JsonBodies());
    BrowserPolicy.restrict(builder, config.corsAllowedOrigins());
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    secure(builder);
    AccessPolicy access = new AccessPolicy(config.auth(), limits);
    guarded(builder, access, "openAccount", accountRoutes::open);
    guarded(builder, access, "listAccounts", accountRoutes::list);
    guarded(builder, access, "getAccount", accountRoutes::get);
    guarded(builder, access, "deposit", accountRoutes::deposit);
    guarded(builder, access, "withdraw", accountRoutes::withdraw);
    guarded(builder, access, "listAccountTransfers", accountRoutes::transfers);
    guarded(builder, access, "createTransfer", transferRoutes::create);
    guarded(builder, access, "getTransfer", transferRoutes::get);
    guarded(builder, access, "listAudit", auditRoutes::list);
    builder.getRoute("health").addHandler(health::live);
    builder.getRoute("ready").addHandler(health::ready);
    builder.getRoute("openapi").addHandler(context -> context.response()
        .putHeader("Content-Type", "application/yaml").sendFile(ApiContract.PATH));

    Router router = builder.createRouter();
    router.route().failureHandler(limits.unauthenticatedByAddress());
    router.route().failureHandler(Problems::handle);
    router.errorHandler(404, Problems::handle);
    router.errorHandler(405, Problems::handle);
    return router;
  }

  /**
   * The operations that the OpenAPI document marks with the bearerAuth scheme get vertx-auth-jwt's
   * handler; with AUTH=off, none does. Only the configured algorithm is accepted, so neither an
   * unsigned token ({@code alg: none}) nor one signed with another algorithm passes.
   */
  private void secure(RouterBuilder builder) {
    AuthConfig auth = config.auth();
    if (!auth.enabled()) {
      builder.getRoutes().forEach(route -> route.setDoSecurity(false));
      return;
    }
    JWTOptions checks = new JWTOptions().setLeeway(CLOCK_SKEW_SECONDS);
    if (auth.issuer() != null) {
      checks.setIssuer(auth.issuer());
    }
    if (auth.audience() != null) {
      checks.setAudience(List.of(auth.audience()));
    }
    JWTAuth tokens = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(auth.algorithm()).setBuffer(auth.key()))
        .setJWTOptions(checks));
    builder.security(BEARER_SCHEME).httpHandler(JWTAuthHandler.create(tokens));
  }

  private static void guarded(RouterBuilder builder, AccessPolicy access, String operationId,
      Handler<RoutingContext> route) {
    builder.getRoute(operationId).addHandler(access.check(operationId)).addHandler(route);
  }

  /** The port the gateway listens on: HTTP_PORT, or the one the system chose when that is 0. */
  public int actualPort() {
    return server.actualPort();
  }

  /** Stop accepting connections and let the requests in flight finish, then stop watching the registry. */
  @Override
  public Future<?> stop() {
    Future<Void> drained = server == null ? Future.succeededFuture() : server.shutdown(DRAIN_SECONDS, TimeUnit.SECONDS);
    return drained.eventually(() -> {
      directory.stop();
      return Future.succeededFuture();
    });
  }
}
