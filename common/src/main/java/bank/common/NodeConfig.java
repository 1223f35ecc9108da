package bank.common;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * Where this node sits in the cluster, and how many verticle instances it runs. Nodes join only
 * a cluster of the same name ({@code CLUSTER_NAME}, default {@code bank}): two environments on one
 * network, or two test runs on one machine, stay apart. {@code tls} is the event bus's mutual TLS,
 * or {@code null} for plain text.
 */
public record NodeConfig(String clusterName, String clusterHost, List<String> clusterMembers, int instances,
    ClusterTls tls) {

  public static NodeConfig from(JsonObject config) {
    String host = Settings.string(config, "CLUSTER_HOST", "127.0.0.1");
    List<String> members = Arrays.stream(Settings.string(config, "CLUSTER_MEMBERS", "127.0.0.1").split(","))
        .map(String::trim)
        .filter(member -> !member.isEmpty())
        .toList();
    if (members.isEmpty()) {
      throw new ConfigException("CLUSTER_MEMBERS must list at least one member");
    }
    int instances = Settings.integer(config, "INSTANCES", 1, 1, 64);
    return new NodeConfig(Settings.string(config, "CLUSTER_NAME", "bank"), host, members, instances,
        ClusterTls.from(config));
  }

  /** A node on loopback that joins the other loopback nodes of the cluster so named: what tests use. */
  public static NodeConfig loopback(String clusterName) {
    return new NodeConfig(clusterName, "127.0.0.1", List.of("127.0.0.1"), 1, null);
  }

  public NodeConfig withTls(ClusterTls tls) {
    return new NodeConfig(clusterName, clusterHost, clusterMembers, instances, tls);
  }
}
