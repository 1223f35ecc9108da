package bank.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code ./bench --profile}: where each JVM spent its CPU during the measured closed loop, from the
 * JFR recording every node makes ({@code -XX:StartFlightRecording=settings=profile}, dumped when it
 * stops). Each execution sample is counted for the first frame of its stack outside the JDK (our code
 * or a library's), so that a HashMap copy counts for whoever copies.
 */
final class Profiles {

  /** The JVM options that make a node record: into {@code directory}, a file per process id. */
  static String recordingOptions(Path directory) {
    return "-XX:StartFlightRecording=settings=profile,filename=" + directory.toAbsolutePath() + "/";
  }

  /** One line of a profile: a frame and its share of the JVM's samples. */
  record Line(String frame, long samples, double share) {
  }

  /** The {@code limit} heaviest frames of one JVM's samples between {@code from} and {@code to}. */
  record Profile(String jvm, long samples, List<Line> top) {
  }

  private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  private Profiles() {
  }

  /** The recording of process {@code pid} in {@code directory}, by the name JFR gives it. */
  static Path recordingOf(Path directory, long pid) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.getFileName().toString().contains("-pid-" + pid + "-")).findFirst()
          .orElseThrow(() -> new IOException("no recording of process " + pid + " in " + directory));
    }
  }

  static Profile of(String jvm, Path recording, Instant from, Instant to, int limit) throws IOException {
    Map<String, Long> counts = new HashMap<>();
    long samples = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (event.getEventType().getName().equals("jdk.ExecutionSample") && !event.getStartTime().isBefore(from)
            && !event.getStartTime().isAfter(to)) {
          samples++;
          counts.merge(firstOwnFrame(event.getStackTrace()), 1L, Long::sum);
        }
      }
    }
    long total = Math.max(1, samples);
    List<Line> top = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(limit)
        .map(entry -> new Line(entry.getKey(), entry.getValue(), 100.0 * entry.getValue() / total))
        .toList();
    return new Profile(jvm, samples, top);
  }

  private static String firstOwnFrame(RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return "(no stack)";
    }
    for (RecordedFrame frame : stack.getFrames()) {
      String type = frame.getMethod().getType().getName();
      if (JDK.stream().noneMatch(type::startsWith)) {
        return type + "." + frame.getMethod().getName();
      }
    }
    RecordedFrame top = stack.getFrames().get(0);
    return top.getMethod().getType().getName() + "." + top.getMethod().getName() + " (JDK only)";
  }

  /** A table per JVM, as the report prints them. */
  static String table(List<Profile> profiles) {
    StringBuilder table = new StringBuilder();
    for (Profile profile : profiles) {
      table.append("| ").append(profile.jvm()).append(" (").append(profile.samples())
          .append(" samples, closed loop) | share |\n| --- | --- |\n");
      profile.top().forEach(line -> table.append("| `").append(line.frame()).append("` | ")
          .append(String.format("%.1f %%", line.share())).append(" |\n"));
      table.append('\n');
    }
    return table.toString();
  }
}
