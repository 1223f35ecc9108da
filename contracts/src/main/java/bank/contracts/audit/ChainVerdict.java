package bank.contracts.audit;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * The hash chain checked:
 * <ul>
 *   <li>{@code intact}: true or false;</li>
 *   <li>{@code events}: the number of events checked, which is every event of the trail;</li>
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
 *     {@code storedPrevHash}: an event before it was deleted, or this one was inserted or moved.</li>
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
