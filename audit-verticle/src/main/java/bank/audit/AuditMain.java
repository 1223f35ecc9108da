package bank.audit;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.NodeLauncher;
import bank.common.OpsConfig;

/** Starts one clustered audit-service node: {@code java -jar audit-verticle-*-fat.jar}. */
public final class AuditMain {

  private AuditMain() {
  }

  public static void main(String[] args) {
    NodeLauncher.launch("audit-verticle", (settings, node) -> {
      DatabaseConfig database = DatabaseConfig.from(settings);
      Databases.migrate(database, AuditVerticle.SCHEMA, node.bankId());
      OpsConfig ops = OpsConfig.from(settings);
      return () -> new AuditVerticle(database, ops);
    });
  }
}
