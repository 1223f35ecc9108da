package bank.gateway;

import bank.common.Page;
import bank.contracts.PageRequest;
import bank.contracts.audit.AuditService;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's {@code GET /events} stream: reads the audit trail after the last seq it sent, one
 * read at a time, and writes what the client may see as Server-Sent Events ({@code id} = seq,
 * {@code event} = type, {@code data} = the audit event). A slow client is not read for until its
 * connection drains.
 */
final class EventStream {

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final int PAGE = 500;
  private static final long KEEP_ALIVE_MS = 15_000;

  private final HttpServerResponse response;
  private final ServiceClient<AuditService> audit;
  private final String accountId;
  private final Predicate<JsonObject> visible;
  private final String requestId;
  private final Handler<EventStream> onEnd;
  /** The last seq read (sent or not visible); -1 until the first event recorded after the client came. */
  private long lastSeq;
  private boolean reading;
  private boolean readAgain;
  private boolean ended;
  private long lastWriteAt = System.currentTimeMillis();

  EventStream(RoutingContext context, ServiceClient<AuditService> audit, String accountId, Predicate<JsonObject> visible,
      long lastSeq, Handler<EventStream> onEnd) {
    this.response = context.response();
    this.audit = audit;
    this.accountId = accountId;
    this.visible = visible;
    this.requestId = RequestIds.of(context);
    this.lastSeq = lastSeq;
    this.onEnd = onEnd;
  }

  void open() {
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        // Proxies such as nginx buffer responses unless told not to.
        .putHeader("X-Accel-Buffering", "no")
        .closeHandler(closed -> ended())
        .drainHandler(drained -> read());
    write(": the audit trail, live\n\n");
    read();
  }

  /** The audit service recorded the event {@code seq}. */
  void recorded(long seq) {
    if (lastSeq < 0) {
      lastSeq = seq - 1;
    }
    if (seq > lastSeq) {
      read();
    }
  }

  /** The periodic catch-up, and a comment now and then so that idle connections stay open. */
  void tick() {
    if (System.currentTimeMillis() - lastWriteAt >= KEEP_ALIVE_MS) {
      write(": keep-alive\n\n");
    }
    read();
  }

  void end() {
    if (!ended) {
      response.end();
      ended();
    }
  }

  private void read() {
    if (ended || lastSeq < 0) {
      return;
    }
    if (reading || response.writeQueueFull()) {
      readAgain = true;
      return;
    }
    reading = true;
    readAgain = false;
    PageRequest page = new PageRequest(new JsonObject().put("limit", PAGE).put("after", Page.encodeCursor(lastSeq)));
    audit.callAsBank(requestId, (service, call) -> service.list(call, accountId, page)).onComplete(listed -> {
      reading = false;
      boolean more = send(listed.toJson());
      if (more || readAgain) {
        read();
      }
    }, failure -> {
      // The next event or the catch-up timer tries again.
      reading = false;
      LOG.debug("event stream could not read the audit trail: {}", failure.getMessage());
    });
  }

  /** Sends the page's visible events; true when the trail has more after it. */
  private boolean send(JsonObject page) {
    if (ended) {
      return false;
    }
    for (Object item : page.getJsonArray("items")) {
      JsonObject event = (JsonObject) item;
      lastSeq = Math.max(lastSeq, event.getLong("seq"));
      if (visible.test(event)) {
        write("id: " + event.getLong("seq") + "\nevent: " + event.getString("type") + "\ndata: " + event.encode() + "\n\n");
      }
    }
    return page.getString("next") != null;
  }

  private void write(String text) {
    if (!ended) {
      response.write(text);
      lastWriteAt = System.currentTimeMillis();
    }
  }

  private void ended() {
    if (!ended) {
      ended = true;
      onEnd.handle(this);
    }
  }
}
