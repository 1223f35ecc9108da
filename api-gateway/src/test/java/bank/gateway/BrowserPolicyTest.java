package bank.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bank.common.ConfigException;
import bank.testing.TestCertificates;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("What the gateway tells browsers")
class BrowserPolicyTest {

  private static final String APP = "https://app.example.com";
  private static final String EVIL = "https://evil.example.net";

  @Test
  @DisplayName("every answer, errors included, forbids sniffing, caching, framing and loading anything, in lower-case header names")
  void securityHeaders(Vertx vertx, VertxTestContext context) {
    // Raw HTTP, to see the header names as they are on the wire.
    List<String> requests = List.of(
        "GET /health HTTP/1.1\r\n",
        "GET /openapi.yaml HTTP/1.1\r\n",
        "GET /nowhere HTTP/1.1\r\n",
        "GET /accounts HTTP/1.1\r\n",
        "DELETE /accounts HTTP/1.1\r\n",
        "POST /accounts HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\nx");
    gatewayPort(vertx, List.of())
        .compose(port -> Future.all(requests.stream().map(request -> rawHeaders(vertx, port, request)).toList()))
        .onComplete(context.succeeding(answers -> context.verify(() -> {
          for (Map<String, String> headers : answers.<Map<String, String>>list()) {
            assertThat(headers.keySet()).as(headers.get("status")).allMatch(name -> name.equals(name.toLowerCase(Locale.ROOT)));
            assertThat(headers).as(headers.get("status"))
                .containsEntry("x-content-type-options", "nosniff")
                .containsEntry("cache-control", "no-store")
                .containsEntry("x-frame-options", "DENY")
                .containsEntry("content-security-policy", "default-src 'none'; frame-ancestors 'none'")
                .containsEntry("referrer-policy", "no-referrer")
                .containsKeys("x-request-id", "content-type", "content-length");
          }
          assertThat(answers.<Map<String, String>>list()).extracting(headers -> headers.get("status")).containsExactly(
              "HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 401 Unauthorized",
              "HTTP/1.1 405 Method Not Allowed", "HTTP/1.1 415 Unsupported Media Type");
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("CORS is closed by default: no origin is ever allowed")
  void closedByDefault(Vertx vertx, VertxTestContext context) {
    gateway(vertx, List.of())
        .compose(client -> Future.all(send(client, HttpMethod.OPTIONS, "/accounts", APP), send(client, HttpMethod.GET, "/health", APP)))
        .onComplete(context.succeeding(answers -> context.verify(() -> {
          for (HttpResponse<Buffer> answer : answers.<HttpResponse<Buffer>>list()) {
            assertThat(answer.getHeader("Access-Control-Allow-Origin")).isNull();
          }
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("with CORS_ALLOWED_ORIGINS, a listed origin is allowed and any other refused")
  void allowList(Vertx vertx, VertxTestContext context) {
    gateway(vertx, List.of(APP))
        .compose(client -> Future.all(send(client, HttpMethod.OPTIONS, "/accounts", APP), send(client, HttpMethod.OPTIONS, "/accounts", EVIL),
            send(client, HttpMethod.GET, "/health", EVIL)))
        .onComplete(context.succeeding(answers -> context.verify(() -> {
          HttpResponse<Buffer> allowed = answers.resultAt(0);
          assertThat(allowed.statusCode()).isEqualTo(204);
          assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo(APP);
          assertThat(allowed.getHeader("Access-Control-Allow-Headers")).contains("Authorization");
          for (int i = 1; i < 3; i++) {
            HttpResponse<Buffer> refused = answers.resultAt(i);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.getHeader("Access-Control-Allow-Origin")).isNull();
          }
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("with HTTP_TLS_CERT and HTTP_TLS_KEY the gateway speaks HTTPS and sends HSTS; over plain HTTP it sends none")
  void httpsWithHsts(Vertx vertx, VertxTestContext context) {
    TestCertificates certificates = TestCertificates.authority("gateway");
    HttpTls tls = HttpTls.from(new JsonObject()
        .put(HttpTls.CERT, certificates.certificatePem("gateway").toString())
        .put(HttpTls.KEY, certificates.privateKeyPem("gateway").toString()));
    GatewayVerticle secure = new GatewayVerticle(new GatewayConfig("127.0.0.1", 0, 300, AuthConfig.OFF).withTls(tls));
    vertx.deployVerticle(secure)
        .compose(deployed -> WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(secure.actualPort()).setSsl(true).setVerifyHost(false)
                .setTrustOptions(new PemTrustOptions().addCertPath(certificates.authorityPem().toString())))
            .get("/health").send())
        .compose(overTls -> gateway(vertx, List.of()).compose(plain -> plain.get("/health").send()).map(overPlain -> {
          context.verify(() -> {
            assertThat(overTls.statusCode()).isEqualTo(200);
            assertThat(overTls.getHeader("Strict-Transport-Security")).startsWith("max-age=");
            assertThat(overPlain.statusCode()).isEqualTo(200);
            assertThat(overPlain.getHeader("Strict-Transport-Security")).isNull();
          });
          return overPlain;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("HTTP_TLS_CERT without HTTP_TLS_KEY, or a file that cannot be read, is refused, naming the settings")
  void tlsSettingsGoTogether() {
    assertThatThrownBy(() -> HttpTls.from(new JsonObject().put(HttpTls.CERT, "/etc/hostname")))
        .isInstanceOf(ConfigException.class).hasMessage("HTTP_TLS_CERT and HTTP_TLS_KEY go together: set both (PEM files) or neither");
    assertThatThrownBy(() -> HttpTls.from(new JsonObject().put(HttpTls.CERT, "/nowhere.pem").put(HttpTls.KEY, "/nowhere.key")))
        .isInstanceOf(ConfigException.class).hasMessage("HTTP_TLS_CERT must name a readable PEM file, got '/nowhere.pem'");
    assertThat(HttpTls.from(new JsonObject())).isNull();
  }

  private static Future<WebClient> gateway(Vertx vertx, List<String> origins) {
    return gatewayPort(vertx, origins).map(port -> WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)));
  }

  private static Future<Integer> gatewayPort(Vertx vertx, List<String> origins) {
    GatewayVerticle gateway = new GatewayVerticle(new GatewayConfig("127.0.0.1", 0, 300,
        new AuthConfig(true, "HS256", "a-test-secret-of-at-least-32-bytes!!", null, null), origins, 1_000));
    return vertx.deployVerticle(gateway).map(deployed -> gateway.actualPort());
  }

  /**
   * Sends the request line (and any headers and body) on a new connection and reads the answer's
   * header block: each name as sent, with its value; the status line under "status".
   */
  private static Future<Map<String, String>> rawHeaders(Vertx vertx, int port, String request) {
    String message = request.contains("\r\n\r\n")
        ? request.replaceFirst("\r\n", "\r\nHost: localhost\r\nConnection: close\r\n")
        : request + "Host: localhost\r\nConnection: close\r\n\r\n";
    Promise<Map<String, String>> headers = Promise.promise();
    vertx.createNetClient().connect(port, "127.0.0.1").onComplete(connected -> {
      Buffer answer = Buffer.buffer();
      connected.handler(answer::appendBuffer);
      connected.endHandler(end -> {
        String head = answer.toString(StandardCharsets.ISO_8859_1).split("\r\n\r\n", 2)[0];
        Map<String, String> parsed = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        parsed.put("status", lines[0]);
        for (int i = 1; i < lines.length; i++) {
          String[] header = lines[i].split(": ", 2);
          parsed.put(header[0], header[1]);
        }
        headers.complete(parsed);
      });
      connected.write(message);
    }, headers::fail);
    return headers.future();
  }

  private static Future<HttpResponse<Buffer>> send(WebClient client, HttpMethod method, String path, String origin) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (origin != null) {
      request.putHeader("Origin", origin);
      if (method == HttpMethod.OPTIONS) {
        request.putHeader("Access-Control-Request-Method", "POST")
            .putHeader("Access-Control-Request-Headers", "Authorization, Content-Type");
      }
    }
    return request.send();
  }
}
