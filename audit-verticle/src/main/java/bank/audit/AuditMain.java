package bank.audit;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.NodeLauncher;
import bank.common.OpsConfig;
import bank.common.Settings;
import java.time.Duration;

/** Starts one clustered audit-service node: {@code java -jar audit-verticle-*-fat.jar}. */
public final class AuditMain {

  private AuditMain() {
  }

  public static void main(String[] args) {
    NodeLauncher.launch("audit-verticle", (settings, node) -> {
      DatabaseConfig database = DatabaseConfig.from(settings);
      Databases.migrate(database, AuditVerticle.SCHEMA, node.bankId());
      OpsConfig ops = OpsConfig.from(settings);
      Duration verifyInterval = Duration.ofSeconds(Settings.integer(settings, "AUDIT_VERIFY_INTERVAL_SECONDS",
          (int) AuditVerticle.DEFAULT_VERIFY_INTERVAL.toSeconds(), 0, 86_400));
      return () -> new AuditVerticle(database, ops, verifyInterval);
    });
  }
}
