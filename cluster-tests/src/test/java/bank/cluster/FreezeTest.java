package bank.cluster;

import bank.postgres.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Under load, every 20 s a data node is frozen (SIGSTOP) for 10 s (a long GC pause, a suspended VM) and thawed")
class FreezeTest {

  @RegisterExtension
  static final ProcessCluster cluster = new ProcessCluster("freeze");

  @BeforeAll
  static void start() throws Exception {
    cluster.preferSeparateAddresses().usePostgres(PostgresServer.forTests().newDatabase());
    cluster.startAll(FaultRun.NODES);
  }

  @Test
  @DisplayName("every keyed transfer gets one answer, whatever the replays; every snapshot shows the total; nothing is lost or audited twice; the thawed node serves again")
  void freezeNodesUnderLoad() throws Exception {
    FaultRun.Result run = FaultRun.run(cluster, Fault.FREEZE);
    FaultReport.print("freeze", run);
    FaultRun.assertInvariants(run);
  }
}
