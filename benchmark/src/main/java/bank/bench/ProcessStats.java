package bank.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time and peak memory of processes, read from Linux's {@code /proc}: what {@code top} and
 * {@code ps} read. CPU times are in seconds, user (the process's own code) and system (the kernel
 * working for it: sockets, files) apart.
 */
final class ProcessStats {

  /** CPU seconds in user and in system mode. */
  record Cpu(double user, double system) {

    Cpu minus(Cpu earlier) {
      return new Cpu(user - earlier.user, system - earlier.system);
    }

    Cpu per1000(long count) {
      double scale = 1000.0 / Math.max(1, count);
      return new Cpu(user * scale, system * scale);
    }

    double total() {
      return user + system;
    }
  }

  /** Clock ticks per second of /proc's times: 100 on Linux x86-64. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessStats() {
  }

  /** The CPU a process has used so far. */
  static Cpu cpu(long pid) {
    long[] times = times(pid);
    return new Cpu(times[0] / TICKS_PER_SECOND, times[1] / TICKS_PER_SECOND);
  }

  /**
   * The CPU seconds of a PostgreSQL server: the postmaster's own, those of the backends and helpers
   * it runs now, and those of the children that already exited (counted in the postmaster's
   * children times once reaped).
   */
  static Cpu postgresCpu(long postmaster) {
    long[] own = times(postmaster);
    long user = own[0] + own[2];
    long system = own[1] + own[3];
    for (long child : children(postmaster)) {
      long[] times = times(child);
      user += times[0];
      system += times[1];
    }
    return new Cpu(user / TICKS_PER_SECOND, system / TICKS_PER_SECOND);
  }

  /** Peak resident memory (VmHWM) in MiB. */
  static long peakRssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** The postmaster's pid: the first line of {@code postmaster.pid} in its data directory. */
  static long postmasterPid(Path dataDirectory) throws IOException {
    return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
  }

  /** utime, stime, cutime, cstime in ticks; zeros for a process that is gone. */
  private static long[] times(long pid) {
    String[] fields = stat(pid);
    if (fields == null) {
      return new long[4];
    }
    return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
        Long.parseLong(fields[14])};
  }

  private static List<Long> children(long parent) {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes.map(path -> path.getFileName().toString())
          .filter(name -> name.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .filter(pid -> {
            String[] fields = stat(pid);
            return fields != null && Long.parseLong(fields[1]) == parent;
          })
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The fields of /proc/pid/stat after the command name (state is [0], ppid [1], utime [11]). */
  private static String[] stat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // The command name is in parentheses and may hold spaces: split after its closing one.
      return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
