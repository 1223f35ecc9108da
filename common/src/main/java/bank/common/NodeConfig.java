package bank.common;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * Where this node sits in the cluster, which bank it belongs to, and how many verticle instances it
 * runs. Nodes join only a cluster of the same name ({@code CLUSTER_NAME}, default {@code bank}): two
 * environments on one network, or two test runs on one machine, stay apart. {@code bankId}
 * ({@code BANK_ID}, default the cluster name) is the bank the node serves, and the only one
 * ({@link BankIdentity}). {@code tls} is the event bus's mutual TLS, or {@code null} for plain text.
 */
public record NodeConfig(String clusterName, String bankId, String clusterHost, List<String> clusterMembers,
    int instances, ClusterTls tls) {

  public static final String DEFAULT_CLUSTER_NAME = "bank";

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
    String clusterName = Settings.string(config, "CLUSTER_NAME", DEFAULT_CLUSTER_NAME);
    return new NodeConfig(clusterName, bankId(config, clusterName), host, members, instances, ClusterTls.from(config));
  }

  /** BANK_ID, or the cluster name when it is not set (and is a valid id). */
  private static String bankId(JsonObject config, String clusterName) {
    String bankId = Settings.string(config, BankIdentity.SETTING, null);
    if (bankId == null && !BankIdentity.isValid(clusterName)) {
      throw new ConfigException(BankIdentity.SETTING + " is not set and CLUSTER_NAME '" + clusterName
          + "', its default, is not a valid bank id: set BANK_ID to " + BankIdentity.rule());
    }
    return BankIdentity.checked(bankId == null ? clusterName : bankId);
  }

  /** A node on loopback that joins the other loopback nodes of the cluster so named, of the bank so named: what tests use. */
  public static NodeConfig loopback(String clusterName) {
    return new NodeConfig(clusterName, clusterName, "127.0.0.1", List.of("127.0.0.1"), 1, null);
  }

  public NodeConfig withTls(ClusterTls tls) {
    return new NodeConfig(clusterName, bankId, clusterHost, clusterMembers, instances, tls);
  }

  /** The same node, of another bank. */
  public NodeConfig withBankId(String bankId) {
    return new NodeConfig(clusterName, bankId, clusterHost, clusterMembers, instances, tls);
  }
}
