package bank.gateway;

import bank.common.ErrorCode;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the body's schema cannot say: a field given twice ({@code {"amount":1,"amount":999999}}),
 * which a JSON reader would silently resolve to the last one (I-JSON, RFC 7493, forbids it), and
 * control characters in any text (a NUL, which PostgreSQL refuses; terminal escape sequences, which
 * would be stored and echoed into logs and screens). Each is a {@code 400} naming the field. A body
 * that is not JSON at all is left to the validator, which says so.
 */
final class StrictJson implements Handler<RoutingContext> {

  private static final JsonFactory READER = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");

  @Override
  public void handle(RoutingContext context) {
    Buffer body = context.body().buffer();
    String problem = body == null || body.length() == 0 ? null : problemWith(body.getBytes());
    if (problem != null) {
      Problems.send(context, ErrorCode.INVALID_REQUEST, problem);
      return;
    }
    context.next();
  }

  /** What is wrong with the body, or null if nothing this handler checks. */
  static String problemWith(byte[] json) {
    try (JsonParser parser = READER.createParser(json)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING && hasControlCharacter(parser.getText())) {
          return field(parser.currentName()) + " must not contain control characters (such as NUL or ESC)";
        }
      }
      return null;
    } catch (JsonProcessingException malformed) {
      Matcher duplicate = DUPLICATE.matcher(String.valueOf(malformed.getOriginalMessage()));
      return duplicate.find() ? field(duplicate.group(1)) + " is given twice: each field may appear once" : null;
    } catch (IOException unreadable) {
      return null;
    }
  }

  private static String field(String name) {
    return name == null ? "the body" : "'" + name + "'";
  }

  private static boolean hasControlCharacter(String text) {
    return text.codePoints().anyMatch(Character::isISOControl);
  }
}
