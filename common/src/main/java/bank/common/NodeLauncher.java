package bank.common;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} of every service: read the settings, prepare the service (validate its config,
 * migrate its schema), join the cluster, deploy {@code INSTANCES} verticles, and leave cleanly on SIGTERM.
 */
public final class NodeLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLauncher.class);
  private static final long SHUTDOWN_SECONDS = 30;
  private static final Set<String> LOG_FORMATS = Set.of("text", "json");

  /**
   * Runs on the main thread before the node joins the cluster: it may block (migrations, which check
   * that the schema is of {@code node.bankId()}). A {@link ConfigException} stops the node with exit code 2.
   */
  @FunctionalInterface
  public interface ServicePreparation {
    Supplier<? extends Deployable> prepare(JsonObject settings, NodeConfig node);
  }

  private NodeLauncher() {
  }

  public static void launch(String service, ServicePreparation preparation) {
    String logFormat = System.getenv("LOG_FORMAT");
    if (logFormat != null && !LOG_FORMATS.contains(logFormat)) {
      // logback.xml would have no appender for it: say so where it is seen anyway.
      System.err.println(service + " cannot start: LOG_FORMAT must be text or json, got '" + logFormat + "'");
      System.exit(2);
      return;
    }
    System.setProperty("hazelcast.logging.type", "slf4j");
    NodeConfig node;
    Supplier<? extends Deployable> verticles;
    Future<Vertx> cluster;
    try {
      JsonObject settings = readSettings();
      node = NodeConfig.from(settings);
      verticles = preparation.prepare(settings, node);
      cluster = ClusteredVertx.start(node);
    } catch (ConfigException e) {
      LOG.error("{} cannot start: {}", service, e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      LOG.error("{} cannot start: {}", service, e.getMessage(), e);
      System.exit(1);
      return;
    }
    cluster
        .compose(vertx -> vertx.deployVerticle(verticles, new DeploymentOptions().setInstances(node.instances()))
            .onFailure(failure -> vertx.close())
            .map(vertx))
        .onSuccess(vertx -> {
          LOG.info("{} ready: {} instance(s) of bank {}, cluster {} at {}, event bus {}", service, node.instances(),
              node.bankId(), node.clusterName(), node.clusterHost(), node.tls() == null ? "in plain text" : "over mutual TLS");
          Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(service, vertx), "shutdown"));
        })
        .onFailure(failure -> {
          if (failure instanceof ConfigException setting) {
            LOG.error("{} cannot start: {}", service, setting.getMessage());
            System.exit(2);
          }
          LOG.error("{} failed to start: {}", service, failure.getMessage(), failure);
          System.exit(1);
        });
  }

  private static JsonObject readSettings() {
    Vertx bootstrap = Vertx.vertx();
    try {
      return Settings.load(bootstrap).await();
    } finally {
      bootstrap.close();
    }
  }

  /**
   * Undeploying stops every verticle (each withdraws its discovery record and stops taking work first),
   * then the node leaves the cluster.
   */
  private static void shutDown(String service, Vertx vertx) {
    LOG.info("{} shutting down", service);
    try {
      vertx.close().await(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
      LOG.info("{} left the cluster", service);
    } catch (TimeoutException late) {
      LOG.warn("{} had not finished shutting down after {} s: exiting anyway", service, SHUTDOWN_SECONDS);
    } catch (Exception failed) {
      LOG.warn("{} failed while shutting down: {}", service, failed.toString());
    }
  }
}
