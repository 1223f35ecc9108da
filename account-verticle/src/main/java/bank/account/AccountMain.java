package bank.account;

import bank.common.DatabaseConfig;
import bank.common.Databases;
import bank.common.NodeLauncher;

/** Starts one clustered account-service node: {@code java -jar account-verticle-*-fat.jar}. */
public final class AccountMain {

  private AccountMain() {
  }

  public static void main(String[] args) {
    NodeLauncher.launch("account-verticle", settings -> {
      DatabaseConfig database = DatabaseConfig.from(settings);
      Databases.migrate(database, AccountVerticle.SCHEMA);
      return () -> new AccountVerticle(database);
    });
  }
}
