package bank.cluster;

import bank.postgres.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Under load, every 10 s a node of a data service with two ready nodes is killed with kill -9 and replaced at once")
class KillTest {

  @RegisterExtension
  static final ProcessCluster cluster = new ProcessCluster("kill");

  @BeforeAll
  static void start() throws Exception {
    cluster.preferSeparateAddresses().usePostgres(PostgresServer.forTests().newDatabase());
    cluster.startAll(FaultRun.NODES);
  }

  @Test
  @DisplayName("every keyed transfer gets one answer, whatever the replays; every snapshot shows the total; nothing is lost or audited twice")
  void killNodesUnderLoad() throws Exception {
    FaultRun.Result run = FaultRun.run(cluster, Fault.KILL);
    FaultReport.print("kill -9", run);
    FaultRun.assertInvariants(run);
  }
}
