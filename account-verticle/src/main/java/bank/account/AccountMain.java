package bank.account;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.NodeLauncher;
import bank.common.OpsConfig;
import bank.common.Settings;
import java.time.Duration;

/** Starts one clustered account-service node: {@code java -jar account-verticle-*-fat.jar}. */
public final class AccountMain {

  private AccountMain() {
  }

  public static void main(String[] args) {
    NodeLauncher.launch("account-verticle", (settings, node) -> {
      DatabaseConfig database = DatabaseConfig.from(settings);
      Databases.migrate(database, AccountVerticle.SCHEMA, node.bankId());
      OpsConfig ops = OpsConfig.from(settings);
      Duration reconcileInterval = Duration.ofSeconds(Settings.integer(settings, "RECONCILE_INTERVAL_SECONDS",
          (int) AccountVerticle.DEFAULT_RECONCILE_INTERVAL.toSeconds(), 0, 86_400));
      return () -> new AccountVerticle(database, ops, reconcileInterval);
    });
  }
}
