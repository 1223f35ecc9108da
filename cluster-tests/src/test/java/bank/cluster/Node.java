package bank.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One node: a JVM running a service's fat jar, its output in a log file; with a loopback address
 * and a group id of its own when its cluster gives each node one ({@link ProcessCluster#separateAddresses}).
 */
final class Node {

  /** What a node logs once its verticles are deployed (and its discovery records published). */
  private static final String READY_LINE = " ready: ";

  final Service service;
  final String name;
  final Process process;
  final Path log;
  /** A gateway's HTTP client; {@code null} for a data service. */
  final Http http;
  /** Its CLUSTER_HOST, when it has an address of its own; {@code null} otherwise. */
  final String address;
  /** The group id it runs under, which the firewall's owner rules name; 0 without an address of its own. */
  final int group;
  private volatile boolean ready;

  Node(Service service, String name, Process process, Path log, Integer httpPort, String address, int group) {
    this.service = service;
    this.name = name;
    this.process = process;
    this.log = log;
    this.address = address;
    this.group = group;
    this.http = httpPort == null ? null : new Http(URI.create("http://127.0.0.1:" + httpPort));
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Alive, and it has logged that it is deployed. */
  boolean ready() {
    if (!ready && alive()) {
      ready = output().contains(READY_LINE);
    }
    return ready && alive();
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The last {@code count} lines of its output, each cut to 300 characters. */
  String tail(int count) {
    List<String> lines = output().lines().map(line -> line.length() > 300 ? line.substring(0, 300) + " ..." : line).toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + (address == null ? "" : ", " + address) + ")";
  }
}
