package bank.common;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/** Where this node sits in the cluster, and how many verticle instances it runs. */
public record NodeConfig(String clusterHost, List<String> clusterMembers, int instances) {

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
    return new NodeConfig(host, members, instances);
  }

  /** A node on loopback that joins the other loopback nodes: what tests and the local runner use. */
  public static NodeConfig loopback() {
    return new NodeConfig("127.0.0.1", List.of("127.0.0.1"), 1);
  }
}
