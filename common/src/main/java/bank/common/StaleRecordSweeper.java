package bank.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * vertx-service-discovery keeps the records of a node that crashed forever. Every node sweeps them:
 * a record whose {@code nodeId} is not a cluster member on two sweeps in a row is removed (one
 * sweep of grace, so that a node that has just joined is not mistaken for a dead one).
 *
 * <p>A sweep reads the whole cluster-wide registry, so it runs when a member leaves and otherwise
 * only every {@link #INTERVAL_MS}; a sweep that finds new suspects sweeps once more after
 * {@link #GRACE_MS}, which removes them (an orphan goes within {@code INTERVAL_MS + GRACE_MS}).
 * Every 2 s on every node, these reads stalled the transfers for 150-290 ms every 2-3 s under load
 * (./bench's timeline; the README's round two). A stale record costs no request meanwhile: callers
 * count an instance only while its node is a member (ServiceDirectory).
 */
final class StaleRecordSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(StaleRecordSweeper.class);
  static final long INTERVAL_MS = 10_000;
  /** After a sweep that found new suspects, the second sweep: the one that removes them. */
  static final long GRACE_MS = 2_000;

  private final VertxInternal vertx;
  private final ServiceDiscovery discovery;
  private Set<String> suspects = Set.of();
  private boolean sweeping;

  private StaleRecordSweeper(VertxInternal vertx) {
    this.vertx = vertx;
    this.discovery = ServiceDiscovery.create(vertx);
  }

  static void start(Vertx vertx) {
    if (vertx instanceof VertxInternal internal && internal.clusterManager() != null) {
      StaleRecordSweeper sweeper = new StaleRecordSweeper(internal);
      vertx.setPeriodic(INTERVAL_MS, tick -> sweeper.sweep());
      ClusterMembership.watch(vertx, vertx.getOrCreateContext(), () -> { }, nodeId -> sweeper.sweep());
    }
  }

  private void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    Set<String> members = new HashSet<>(vertx.clusterManager().getNodes());
    discovery.getRecords(record -> isOrphan(record, members), true)
        .compose(this::removeConfirmed)
        .onComplete(done -> sweeping = false);
  }

  private Future<?> removeConfirmed(List<Record> orphans) {
    Set<String> seen = new HashSet<>();
    List<Future<Void>> removals = orphans.stream()
        .filter(record -> {
          seen.add(record.getRegistration());
          return suspects.contains(record.getRegistration());
        })
        .map(record -> discovery.unpublish(record.getRegistration())
            .onSuccess(removed -> LOG.info("removed {} of departed node {}", record.getName(),
                ServiceRegistration.nodeIdOf(record))))
        .toList();
    if (!suspects.containsAll(seen)) {
      vertx.setTimer(GRACE_MS, grace -> sweep());
    }
    suspects = seen;
    return Future.join(removals);
  }

  private static boolean isOrphan(Record record, Set<String> members) {
    String nodeId = ServiceRegistration.nodeIdOf(record);
    return nodeId != null && !members.contains(nodeId);
  }
}
