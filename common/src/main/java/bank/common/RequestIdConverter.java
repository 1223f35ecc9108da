package bank.common;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %requestId} in logback.xml: the id of the request the logging code is working for (see
 * {@link RequestContext}), or {@code -}. Appenders here write synchronously, on the logging thread.
 */
public final class RequestIdConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    String requestId = RequestContext.requestId();
    return requestId == null ? "-" : requestId;
  }
}
