package bank.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A system command (ip, iptables, kill) run to its end: its exit code and output. */
final class Command {

  private static final long TIMEOUT_SECONDS = 10;

  /** What a command did: exit code ({@code -1}: it could not run, or hung) and its output, standard error included. */
  record Result(List<String> command, int exitCode, String output) {

    boolean ok() {
      return exitCode == 0;
    }

    /** This result, or an error naming what it was for and what the command said. */
    Result orFail(String what) {
      if (!ok()) {
        throw new IllegalStateException("cannot " + what + ": " + this);
      }
      return this;
    }

    @Override
    public String toString() {
      return String.join(" ", command) + " -> exit " + exitCode + (output.isBlank() ? "" : ": " + output.strip());
    }
  }

  private Command() {
  }

  static Result run(String... command) {
    return run(List.of(command));
  }

  static Result run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      // The commands run here print a few lines at most: reading after the exit cannot block them.
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(command, -1, "still running after " + TIMEOUT_SECONDS + " s");
      }
      return new Result(command, process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(command, -1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(command, -1, "interrupted");
    }
  }
}
