package bank.cluster;

import bank.postgres.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Under load, every 20 s a data node is cut off the other nodes (iptables, each node on an address of its own) for 10 s, still reaching PostgreSQL")
class PartitionTest {

  @RegisterExtension
  static final ProcessCluster cluster = new ProcessCluster("partition");

  @BeforeAll
  static void start() throws Exception {
    cluster.withFirewall().usePostgres(PostgresServer.forTests().newDatabase());
    cluster.startAll(FaultRun.NODES);
  }

  @Test
  @DisplayName("every keyed transfer gets one answer, whatever the replays; every snapshot shows the total; nothing is lost or audited twice; the healed node rejoins")
  void cutNodesOffUnderLoad() throws Exception {
    FaultRun.Result run = FaultRun.run(cluster, Fault.CUT_OFF);
    FaultReport.print("cut off", run);
    FaultRun.assertInvariants(run);
  }
}
