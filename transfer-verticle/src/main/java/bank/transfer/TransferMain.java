package bank.transfer;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.NodeLauncher;
import bank.common.OpsConfig;

/** Starts one clustered transfer-service node: {@code java -jar transfer-verticle-*-fat.jar}. */
public final class TransferMain {

  private TransferMain() {
  }

  public static void main(String[] args) {
    NodeLauncher.launch("transfer-verticle", (settings, node) -> {
      DatabaseConfig database = DatabaseConfig.from(settings);
      Databases.migrate(database, TransferVerticle.SCHEMA, node.bankId());
      OpsConfig ops = OpsConfig.from(settings);
      return () -> new TransferVerticle(database, ops);
    });
  }
}
