package bank.cluster;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The figures a test prints: a titled two-column table on standard output (it shows in the Maven log). */
final class Report {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private final String title;
  private final List<String[]> rows = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();

  Report(String title) {
    this.title = title;
  }

  Report row(String label, Object value) {
    rows.add(new String[] {label, String.valueOf(value)});
    return this;
  }

  /** A line of its own under the table, e.g. one kill and its recovery. */
  Report line(String text) {
    lines.add(text);
    return this;
  }

  void print() {
    int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
    StringBuilder out = new StringBuilder("\n==== ").append(title).append('\n');
    rows.forEach(row -> out.append(String.format("  %-" + width + "s  %s", row[0], row[1])).append('\n'));
    lines.forEach(line -> out.append("  ").append(line).append('\n'));
    System.out.println(out);
  }

  /** Epoch millis as a wall-clock time, to line figures up with the nodes' logs. */
  static String clock(long epochMillis) {
    return CLOCK.format(Instant.ofEpochMilli(epochMillis));
  }

  /** The nearest-rank percentile ({@code fraction} 0.5 for the median) of sorted values (0 if none). */
  static long percentile(List<Long> sorted, double fraction) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(fraction * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /** "p50 / p99 / max" of unsorted values, in ms. */
  static String latencies(List<Long> millis) {
    List<Long> sorted = millis.stream().sorted().toList();
    return percentile(sorted, 0.5) + " / " + percentile(sorted, 0.99) + " / " + percentile(sorted, 1.0) + " ms";
  }

  /** How a measured figure stands against the target, printed beside it: "(target ≥ 99.5 %: met)". */
  static String target(String target, boolean met) {
    return "(target " + target + ": " + (met ? "met" : "MISSED") + ")";
  }

  static String percent(long part, long whole) {
    return whole == 0 ? "-" : String.format("%.2f %%", 100.0 * part / whole);
  }
}
