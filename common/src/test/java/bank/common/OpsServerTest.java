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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
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

  @Test
  @DisplayName("answers with lower-case header names, as the gateway does")
  void lowerCaseHeaderNames() throws Exception {
    HttpServer server = OpsServer.start(vertx, OpsConfig.from(new JsonObject().put("METRICS_PORT", "0")), HealthChecks.create(vertx))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    for (String path : List.of("/health", "/health/ready", "/metrics")) {
      List<String> names = headerNames(server.actualPort(), path);
      assertThat(names).as(path).contains("content-type").allMatch(name -> name.equals(name.toLowerCase(Locale.ROOT)));
    }
  }

  /** The header names of the answer to a GET, as they are on the wire. */
  private static List<String> headerNames(int port, String path) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      return Arrays.stream(answer.split("\r\n\r\n", 2)[0].split("\r\n")).skip(1)
          .map(line -> line.substring(0, line.indexOf(':')))
          .toList();
    }
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
