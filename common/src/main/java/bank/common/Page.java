package bank.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Cursor pagination: a page is {@code {"items": [...], "next": cursor-or-null}}. A cursor is an
 * opaque string that encodes the position of the last item shown; clients must not parse it.
 */
public final class Page {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 1000;
  private static final String PREFIX = "p:";

  private Page() {
  }

  public static String encodeCursor(long position) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
  }

  public static long decodeCursor(String cursor) {
    if (cursor == null) {
      return 0;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!decoded.startsWith(PREFIX)) {
        throw new IllegalArgumentException(cursor);
      }
      long position = Long.parseLong(decoded.substring(PREFIX.length()));
      if (position < 0) {
        throw new IllegalArgumentException(cursor);
      }
      return position;
    } catch (IllegalArgumentException e) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'after' is not a cursor this API returned");
    }
  }
}
