package bank.database;

import bank.common.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.function.Function;

/** A {@link Page} of rows. */
public final class Pages {

  private Pages() {
  }

  /**
   * Builds the page from up to {@code limit + 1} rows (the extra row only says there is a next
   * page): each shown row becomes an item, and the cursor is the last shown row's position.
   */
  public static JsonObject of(RowSet<Row> rows, Function<Row, JsonObject> toItem, String positionColumn, int limit) {
    JsonArray items = new JsonArray();
    Long lastPosition = null;
    for (Row row : rows) {
      if (items.size() == limit) {
        return new JsonObject().put("items", items).put("next", Page.encodeCursor(lastPosition));
      }
      items.add(toItem.apply(row));
      lastPosition = row.getLong(positionColumn);
    }
    return new JsonObject().put("items", items).put("next", null);
  }
}
