package bank.common;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;

@ExtendWith(VertxExtension.class)
class RequestLoggingTest {

  @Test
  @DisplayName("two requests on one event loop each log with their own id, also in callbacks that run later")
  void eachRequestKeepsItsId(Vertx vertx, VertxTestContext test) {
    ContextInternal eventLoop = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal first = eventLoop.duplicate();
    ContextInternal second = eventLoop.duplicate();
    Promise<String> later = first.promise();
    first.runOnContext(go -> RequestContext.set("req-1"));
    second.runOnContext(go -> {
      RequestContext.set("req-2");
      // The first request's callback runs after the second request marked its own context.
      later.future().onComplete(done -> test.verify(() -> {
        assertThat(RequestContext.requestId()).isEqualTo("req-1");
        assertThat(done.result()).isEqualTo("req-2");
        test.completeNow();
      }));
      later.complete(RequestContext.requestId());
    });
  }

  @Test
  @DisplayName("a verticle's own context is never marked: work that is no request logs no id")
  void rootContextStaysUnmarked(Vertx vertx, VertxTestContext test) {
    Context root = vertx.getOrCreateContext();
    root.runOnContext(go -> test.verify(() -> {
      RequestContext.set("req-x");
      assertThat(RequestContext.requestId()).isNull();
      test.completeNow();
    }));
  }

  @Test
  @DisplayName("LOG_FORMAT=json writes one JSON object per line, with the request id as a field")
  void jsonLines(Vertx vertx, VertxTestContext test) throws Exception {
    LoggerContext logging = new LoggerContext();
    logging.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(logging);
    System.setProperty("LOG_FORMAT", "json");
    try {
      configurator.doConfigure(getClass().getResource("/logback.xml"));
    } finally {
      System.clearProperty("LOG_FORMAT");
    }
    ch.qos.logback.classic.Logger root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
    Encoder<ILoggingEvent> encoder = ((ConsoleAppender<ILoggingEvent>) root.getAppender("json")).getEncoder();
    ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    request.runOnContext(go -> test.verify(() -> {
      RequestContext.set("req-json");
      // What the console appender would write for this line, encoded on the request's context.
      LoggingEvent event = new LoggingEvent(Logger.class.getName(), logging.getLogger("bank.test"), Level.INFO,
          "transfer {} recorded", null, new Object[] {"trf-1"});
      String written = new String(encoder.encode(event), StandardCharsets.UTF_8);
      assertThat(written).endsWith("\n").doesNotContain("\n{");
      JsonObject line = new JsonObject(written);
      assertThat(line.getString("message")).isEqualTo("transfer trf-1 recorded");
      assertThat(line.getString("level")).isEqualTo("INFO");
      assertThat(line.getString("requestId")).isEqualTo("req-json");
      test.completeNow();
    }));
  }
}
