package bank.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The operations port, which serves metrics and health without a token")
class OpsServerTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("listens on loopback only unless METRICS_HOST says otherwise")
  void loopbackByDefault() throws Exception {
    OpsConfig config = OpsConfig.from(new JsonObject().put("METRICS_PORT", "0"));
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(OpsConfig.from(new JsonObject().put("METRICS_PORT", "0").put("METRICS_HOST", "0.0.0.0")).host())
        .isEqualTo("0.0.0.0");

    HttpServer server = OpsServer.start(vertx, config, HealthChecks.create(vertx))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(connects(InetAddress.getLoopbackAddress(), server.actualPort())).as("from this machine").isTrue();
    Optional<InetAddress> outward = outwardAddress();
    assumeTrue(outward.isPresent(), "this machine has an interface other than loopback");
    assertThat(connects(outward.get(), server.actualPort())).as("at " + outward.get()).isFalse();
  }

  private static boolean connects(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 1_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static Optional<InetAddress> outwardAddress() throws Exception {
    return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .filter(network -> !isLoopback(network))
        .flatMap(network -> Collections.list(network.getInetAddresses()).stream())
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .findFirst();
  }

  private static boolean isLoopback(NetworkInterface network) {
    try {
      return network.isLoopback() || !network.isUp();
    } catch (IOException unknown) {
      return true;
    }
  }
}
