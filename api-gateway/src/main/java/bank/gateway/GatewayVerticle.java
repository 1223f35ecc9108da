package bank.gateway;

import bank.common.LowercaseHeaders;
import bank.common.OpsServer;
import bank.common.ServiceDirectory;
import bank.contracts.account.AccountService;
import bank.contracts.account.AccountServiceV1;
import bank.contracts.audit.AuditService;
import bank.contracts.audit.AuditServiceV1;
import bank.contracts.transfer.TransferService;
import bank.contracts.transfer.TransferServiceV1;
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
import io.vertx.ext.web.handler.StaticHandler;
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

  private static final StrictJson STRICT_JSON = new StrictJson();
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final long DRAIN_SECONDS = 10;
  /** The security scheme's name in openapi.yaml. */
  private static final String BEARER_SCHEME = "bearerAuth";
  private static final int CLOCK_SKEW_SECONDS = 5;

  /** The dashboard's scripts and styles come from this origin only; nothing inline. */
  private static final String DASHBOARD_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

  private final GatewayConfig config;
  private ServiceDirectory directory;
  private EventRoutes events;
  private HealthRoutes health;
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
          Router router = router(contract);
          HttpServerOptions options = new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort());
          server = vertx.createHttpServer(config.tls() == null ? options : config.tls().applyTo(options));
          return events.start().compose(listening -> OpsServer.listen(server.requestHandler(router),
              "HTTP_PORT", config.httpPort(), "HTTP_HOST", config.httpHost()));
        })
        // Vert.x closes it when the verticle is undeployed, as it does the services' operations ports.
        .compose(listening -> OpsServer.start(vertx, config.ops(), health.checks()));
  }

  private Router router(OpenAPIContract contract) {
    long attempt = config.attemptTimeoutMs();
    ServiceClient<AccountService> accounts = new ServiceClient<>(vertx, AccountService.NAME, directory,
        config.requestTimeoutMs(), attempt, AccountService::proxy, AccountServiceV1::client, AccountService::health);
    // A transfer is two hops (the transfer service asks the account service): its attempts get two hops' time.
    ServiceClient<TransferService> transfers = new ServiceClient<>(vertx, TransferService.NAME, directory,
        config.requestTimeoutMs(), 2 * attempt, TransferService::proxy, TransferServiceV1::client, TransferService::health);
    ServiceClient<AuditService> audit = new ServiceClient<>(vertx, AuditService.NAME, directory,
        config.requestTimeoutMs(), attempt, AuditService::proxy, AuditServiceV1::client, AuditService::health);
    AccountRoutes accountRoutes = new AccountRoutes(accounts, transfers);
    TransferRoutes transferRoutes = new TransferRoutes(transfers);
    AuditRoutes auditRoutes = new AuditRoutes(audit);
    health = new HealthRoutes(vertx, List.of(accounts, transfers, audit));
    events = new EventRoutes(vertx, audit, accounts);
    GatewayMetrics.breakers(vertx, List.of(accounts, transfers, audit));

    RateLimits limits = new RateLimits(config.rateLimitPerSecond(), config.auth().enabled());
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler())
        .rootHandler(new LowercaseHeaders())
        .rootHandler(new RequestIds())
        .rootHandler(BrowserPolicy.headers())
        .rootHandler(new Admission(config.maxInFlight(), config.targetLatencyMs()))
        .rootHandler(limits.byAddress())
        .rootHandler(new JsonBodies());
    BrowserPolicy.restrict(builder, config.corsAllowedOrigins());
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    secure(builder);
    RequestValidation.install(vertx, contract, builder);
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
    guarded(builder, access, "verifyAudit", auditRoutes::verify);
    guarded(builder, access, "startFullVerification", auditRoutes::startFullVerification);
    guarded(builder, access, "getFullVerification", auditRoutes::getFullVerification);
    guarded(builder, access, "reconcile", accountRoutes::reconcile);
    guarded(builder, access, "reconcileWholeLedger", accountRoutes::reconcileAll);
    guarded(builder, access, "streamEvents", events::stream);
    guarded(builder, access, "metrics", OpsServer.scraping(vertx));
    builder.getRoute("health").addHandler(health::live);
    builder.getRoute("ready").addHandler(health::ready);
    builder.getRoute("openapi").addHandler(context -> context.response()
        .putHeader("Content-Type", "application/yaml").sendFile(ApiContract.PATH));

    Router router = builder.createRouter();
    dashboard(router);
    router.route().failureHandler(limits.unauthenticatedByAddress());
    router.route().failureHandler(Problems::handle);
    router.errorHandler(404, Problems::handle);
    router.errorHandler(405, Problems::handle);
    return router;
  }

  /** The operator dashboard: its page at {@code /}, its scripts and styles under {@code /ui/}. */
  private static void dashboard(Router router) {
    StaticHandler files = StaticHandler.create("webroot").setIndexPage("index.html");
    Handler<RoutingContext> policy = context -> {
      context.response().putHeader("Content-Security-Policy", DASHBOARD_POLICY);
      context.next();
    };
    router.get("/").handler(policy).handler(files);
    router.get("/ui/*").handler(policy).handler(files);
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
    builder.security(BEARER_SCHEME).httpHandler(new BearerScheme(JWTAuthHandler.create(tokens)));
  }

  private static void guarded(RouterBuilder builder, AccessPolicy access, String operationId,
      Handler<RoutingContext> route) {
    builder.getRoute(operationId).addHandler(STRICT_JSON).addHandler(access.check(operationId)).addHandler(route);
  }

  /** The port the gateway listens on: HTTP_PORT, or the one the system chose when that is 0. */
  public int actualPort() {
    return server.actualPort();
  }

  /** Stop accepting connections and let the requests in flight finish, then stop watching the registry. */
  @Override
  public Future<?> stop() {
    Future<Void> streamsEnded = events == null ? Future.succeededFuture() : events.stop();
    Future<Void> drained = streamsEnded.compose(ended -> server == null
        ? Future.succeededFuture() : server.shutdown(DRAIN_SECONDS, TimeUnit.SECONDS));
    return drained.eventually(() -> {
      directory.stop();
      return Future.succeededFuture();
    });
  }
}
