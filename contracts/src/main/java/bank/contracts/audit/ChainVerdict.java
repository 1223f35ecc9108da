package bank.contracts.audit;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * The hash chain checked:
 * <ul>
 *   <li>{@code intact}: true or false;</li>
 *   <li>{@code events}: the number of events in the chain: those verified before the checkpoint the
 *   check started from, and those it checked;</li>
 *   <li>{@code verifiedAfter}: the {@code seq} of the checkpoint's event, after which the events were
 *   hashed again (0: from the first event, as a full verification, or the first one, does);</li>
 *   <li>{@code lastSeq}, {@code lastHash}: the {@code seq} and hash of the newest event (both null for
 *   an empty trail), the head to keep where the database's writers cannot reach, to check later that
 *   the event at that {@code seq} still has that hash: the chain alone cannot show that the newest
 *   events were deleted, or the whole chain rewritten from some event on;</li>
 *   <li>{@code firstBreak}, only when not intact: the first event in {@code seq} order that fails a
 *   check, with its {@code seq}, {@code id} and {@code reason}, one of
 *   <ul>
 *     <li>{@code "the event's content does not match its hash"}, with {@code expectedHash}
 *     (recomputed) and {@code storedHash}: the event was changed after it was recorded;</li>
 *     <li>{@code "the event does not follow the previous event's hash"}, with
 *     {@code expectedPrevHash} (the hash of the event before it, or the genesis value) and
 *     {@code storedPrevHash}: an event before it was deleted, or this one was inserted or moved;</li>
 *     <li>{@code "the event no longer has the hash a verification found"}, with {@code checkpointHash},
 *     at the checkpoint's {@code seq} ({@code id} null when the event is gone): the newest events were
 *     deleted, or the checkpoint's event changed.</li>
 *   </ul></li>
 * </ul>
 */
@DataObject
public final class ChainVerdict {

  private final JsonObject json;

  public ChainVerdict(JsonObject json) {
    this.json = json;
  }

  public boolean intact() {
    return json.getBoolean("intact", false);
  }

  public JsonObject toJson() {
    return json;
  }
}
