package bank.common;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;

/**
 * Starts a clustered Vert.x on Hazelcast: {@code cluster.xml} (or the file in {@code CLUSTER_CONFIG}),
 * with the bind address and the members to join taken from the node's configuration, and the event
 * bus over mutual TLS when the node has certificates ({@link ClusterTls}). The Vert.x is bound to the
 * node's bank ({@link BankIdentity}) before it is returned. Every node also removes the discovery
 * records that nodes which left the cluster could not withdraw.
 * Reads the XML file: call it from a main or test thread, never from an event loop.
 */
public final class ClusteredVertx {

  private ClusteredVertx() {
  }

  public static Future<Vertx> start(NodeConfig node) {
    Config hazelcast = hazelcastConfig(node);
    EventBusOptions eventBus = new EventBusOptions().setHost(node.clusterHost()).setClusterPublicHost(node.clusterHost());
    if (node.tls() != null) {
      node.tls().applyTo(eventBus);
    }
    VertxOptions options = new VertxOptions().setEventBusOptions(eventBus);
    VertxBuilder builder = Vertx.builder();
    NodeMetrics metrics = NodeMetrics.prepare(builder, options);
    return builder
        .with(options)
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered()
        .map(metrics::attach)
        .map(vertx -> {
          BankIdentity.bind(vertx, node.bankId());
          return vertx;
        })
        .onSuccess(StaleRecordSweeper::start);
  }

  static Config hazelcastConfig(NodeConfig node) {
    Config config = loadXml();
    config.setClusterName(node.clusterName());
    NetworkConfig network = config.getNetworkConfig();
    network.getInterfaces().setEnabled(true).setInterfaces(java.util.List.of(node.clusterHost()));
    network.getJoin().getTcpIpConfig().setEnabled(true).setMembers(node.clusterMembers());
    network.getJoin().getMulticastConfig().setEnabled(false);
    // Bind to CLUSTER_HOST only, not to every interface of the machine.
    config.setProperty("hazelcast.socket.bind.any", "false");
    return config;
  }

  private static Config loadXml() {
    String file = System.getenv("CLUSTER_CONFIG");
    if (file == null || file.isBlank()) {
      return new ClasspathXmlConfig("cluster.xml");
    }
    try {
      return new FileSystemXmlConfig(file);
    } catch (FileNotFoundException e) {
      throw new ConfigException("CLUSTER_CONFIG: no such file " + file);
    }
  }
}
