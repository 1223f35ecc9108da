package bank.cluster;

import bank.testing.Tokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one node is started: {@code java -jar <fat jar>} with the environment of its cluster. With
 * an {@code address} of its own, the node binds to it and runs under group id {@code group}
 * ({@code setpriv}), so that firewall rules can name its traffic ({@link Firewall}).
 *
 * @param jar the fat jar it runs: this build's, or a release's ({@link Release})
 * @param members its {@code CLUSTER_MEMBERS}
 * @param httpPort a gateway's HTTP port on 127.0.0.1; {@code null} for a data service
 * @param environment the cluster's extra variables, set last
 */
record NodeLaunch(Service service, Path jar, String cluster, String address, int group, String members,
    String postgresUrl, Integer httpPort, Map<String, String> environment) {

  /**
   * As ./run starts a node, but with the C1 compiler only: a node starts on about half the CPU time,
   * which matters when replacements start every 10 s on two cores.
   */
  private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  /**
   * With an address of its own: Hazelcast binds the sockets it connects with to the node's address
   * too (by default it binds them to any address, and the kernel then picks the source), so that
   * its traffic carries the node's address.
   */
  private static final String HAZELCAST_BIND_CLIENTS = "-Dhazelcast.socket.client.bind.any=false";
  /** Variables of the test's own environment that would change what the node does. */
  private static final List<String> CLEARED = List.of("PG_URL", "CONFIG_FILE", "CLUSTER_CONFIG", "HTTP_PORT", "INSTANCES",
      "AUTH", "AUTH_JWT_SECRET", "AUTH_JWT_PUBLIC_KEY", "AUTH_JWT_ISSUER", "AUTH_JWT_AUDIENCE", "BANK_ID", "REQUEST_TIMEOUT_MS",
      "ATTEMPT_TIMEOUT_MS");

  ProcessBuilder processBuilder(Path log) {
    List<String> command = new ArrayList<>();
    if (address != null) {
      command.addAll(List.of("setpriv", "--regid=" + group, "--clear-groups", "--"));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    if (address != null) {
      command.add(HAZELCAST_BIND_CLIENTS);
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> variables = builder.environment();
    CLEARED.forEach(variables::remove);
    variables.put("CLUSTER_NAME", cluster);
    variables.put("CLUSTER_HOST", address == null ? "127.0.0.1" : address);
    variables.put("CLUSTER_MEMBERS", members);
    if (service.hasData()) {
      variables.put("PG_URL", postgresUrl);
    } else {
      variables.put("HTTP_HOST", "127.0.0.1");
      variables.put("HTTP_PORT", String.valueOf(httpPort));
      variables.put("AUTH_JWT_SECRET", Tokens.TEST_SECRET);
    }
    variables.putAll(environment);
    return builder;
  }
}
