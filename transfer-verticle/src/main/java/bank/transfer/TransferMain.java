package bank.transfer;

import bank.common.DatabaseConfig;
import bank.common.Databases;
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
