package bank.common;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Hazelcast's membership events, delivered on a Vert.x context: they arrive on a Hazelcast thread,
 * and what they change belongs to one verticle's event loop. Hazelcast tells every member when
 * another one leaves (its connections refused after a kill -9: within a second; a silent one: after
 * {@code max.no.heartbeat}), after its own member list has dropped it.
 */
final class ClusterMembership {

  /** The member attribute in which vertx-hazelcast keeps a member's Vert.x node id (not its Hazelcast uuid). */
  private static final String VERTX_NODE_ID = "__vertx.nodeId";

  private ClusterMembership() {
  }

  /**
   * Runs {@code joined} when a member joins and {@code left} with the Vert.x node id of one that
   * leaves (null if it had none), both on {@code context}. Answers the registration for
   * {@link #unwatch}, or null when the node is not clustered with Hazelcast.
   */
  static UUID watch(Vertx vertx, Context context, Runnable joined, Consumer<String> left) {
    HazelcastClusterManager hazelcast = hazelcast(vertx);
    if (hazelcast == null) {
      return null;
    }
    return hazelcast.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        context.runOnContext(added -> joined.run());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String nodeId = event.getMember().getAttribute(VERTX_NODE_ID);
        context.runOnContext(removed -> left.accept(nodeId));
      }
    });
  }

  /** Stops the events of {@code registration} (from {@link #watch}; null: nothing to stop). */
  static void unwatch(Vertx vertx, UUID registration) {
    HazelcastClusterManager hazelcast = hazelcast(vertx);
    if (registration != null && hazelcast != null && hazelcast.getHazelcastInstance().getLifecycleService().isRunning()) {
      hazelcast.getHazelcastInstance().getCluster().removeMembershipListener(registration);
    }
  }

  private static HazelcastClusterManager hazelcast(Vertx vertx) {
    return vertx instanceof VertxInternal internal && internal.clusterManager() instanceof HazelcastClusterManager manager
        ? manager : null;
  }
}
