package bank.contracts;

import bank.common.Fields;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * Which page of a list: {@code after}, the cursor of the previous page's last item (missing: the
 * first page), and {@code limit}, how many items (1 to 1000, missing: 50). The accessors check
 * what they read: a bad value is an {@code INVALID_REQUEST}.
 */
@DataObject
public final class PageRequest {

  private final JsonObject json;

  public PageRequest(JsonObject json) {
    this.json = json;
  }

  /** The page asked for, or the first page of the default size when the caller named none. */
  public static PageRequest orFirst(PageRequest page) {
    return page == null ? new PageRequest(new JsonObject()) : page;
  }

  /** The position after which the page starts: 0 for the first page. */
  public long after() {
    return Fields.after(json);
  }

  public int limit() {
    return Fields.limit(json);
  }

  public JsonObject toJson() {
    return json;
  }
}
