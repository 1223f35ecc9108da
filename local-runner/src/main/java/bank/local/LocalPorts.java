package bank.local;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * The ports {@code ./run} listens on. A port the user set ({@code HTTP_PORT}, ...) is used as it is;
 * a default that is taken (another {@code ./run} on this machine) gives way to the next free one, so
 * a second bank starts beside the first and says where it listens.
 */
final class LocalPorts {

  /** How far past the default to look. */
  private static final int SEARCH = 100;

  private LocalPorts() {
  }

  /**
   * {@code given} when set (a port number, or -1, which {@code METRICS_PORT_BASE} takes for "none"),
   * otherwise the first of {@code defaultPort}, {@code defaultPort + width}, ... from which
   * {@code width} consecutive ports are free.
   */
  static int choose(String variable, String given, int defaultPort, int width) {
    if (given != null && !given.isBlank()) {
      try {
        int port = Integer.parseInt(given.strip());
        if (port < -1 || port > 65_535 - width) {
          throw new IllegalArgumentException(variable + " must be a port number, got " + given);
        }
        return port;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(variable + " must be a port number, got '" + given + "'");
      }
    }
    for (int first = defaultPort; first < defaultPort + SEARCH * width; first += width) {
      if (free(first, width)) {
        if (first != defaultPort) {
          LocalRunner.say("%s: %s taken (another bank on this machine?), using %s; set %s to choose",
              variable, width == 1 ? "port " + defaultPort + " is" : "ports " + range(defaultPort, width) + " are",
              width == 1 ? String.valueOf(first) : range(first, width), variable);
        }
        return first;
      }
    }
    throw new IllegalStateException(variable + ": no free port from " + defaultPort + " on; set " + variable);
  }

  private static String range(int first, int width) {
    return first + "-" + (first + width - 1);
  }

  /** Nothing listens on any of the ports, on any address (a wildcard bind would fail). */
  static boolean free(int first, int width) {
    for (int port = first; port < first + width; port++) {
      try (ServerSocket probe = new ServerSocket(port)) {
        probe.getLocalPort();
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
