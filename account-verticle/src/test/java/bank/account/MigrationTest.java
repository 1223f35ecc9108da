package bank.account;

import static org.assertj.core.api.Assertions.assertThat;

import bank.common.DatabaseConfig;
import bank.common.Databases;
import bank.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Schema migrations")
class MigrationTest {

  @Test
  @DisplayName("four nodes migrating one empty database at once apply each migration exactly once")
  void concurrentMigrations() throws Exception {
    DatabaseConfig database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    ExecutorService nodes = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> starts = IntStream.range(0, 4).<Callable<Void>>mapToObj(i -> () -> {
        Databases.migrate(database, AccountVerticle.SCHEMA);
        return null;
      }).toList();
      for (Future<Void> start : nodes.invokeAll(starts)) {
        start.get();
      }
    } finally {
      nodes.shutdown();
    }
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(),
            database.connectOptions().getUser(), database.connectOptions().getPassword());
         ResultSet applied = connection.createStatement().executeQuery(
             "SELECT count(*) AS runs, count(DISTINCT version) AS versions FROM account.flyway_schema_history"
                 + " WHERE version IS NOT NULL AND success")) {
      applied.next();
      assertThat(applied.getInt("runs")).isEqualTo(applied.getInt("versions")).isPositive();
    }
  }
}
