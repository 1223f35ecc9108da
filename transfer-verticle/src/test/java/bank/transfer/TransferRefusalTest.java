package bank.transfer;

import static bank.transfer.TransferFixture.account;
import static bank.transfer.TransferFixture.awaitStatus;
import static bank.transfer.TransferFixture.create;
import static bank.transfer.TransferFixture.failureCode;
import static bank.transfer.TransferFixture.list;
import static bank.testing.Blocking.await;
import static bank.testing.Blocking.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import bank.common.ErrorCode;
import bank.database.DatabaseConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A database of its own: the constraint it adds for a moment, and its recovery passes, must not
 * touch the transfers of other tests.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A transfer the account service refuses while this service's database fails")
class TransferRefusalTest {

  private static DatabaseConfig database;

  @BeforeAll
  static void createSchema() {
    database = TransferFixture.migratedDatabase();
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    await(vertx.deployVerticle(new TransferVerticle(database)));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("a refusal that cannot be recorded (the database failing then) answers TIMEOUT and lets go of the transfer at once; the recovery records it later")
  void refusalNotRecorded(Vertx vertx) throws SQLException {
    String from = account();
    FakeAccountService accounts = await(FakeAccountService.register(vertx));
    accounts.refuseFrom(from);
    execute("ALTER TABLE transfer.transfers ADD CONSTRAINT no_rejection_yet CHECK (status <> 'REJECTED') NOT VALID");
    try {
      Throwable failure = failureOf(create(vertx, from, account(), 250, "refused-" + from));
      JsonObject pending = await(list(vertx, from, null, 10)).getJsonArray("items").getJsonObject(0);

      assertThat(accounts.askedFrom(from)).as("the account service was asked, and refused").isTrue();
      assertThat(failureCode(failure)).as("the failure of %s", failure).isEqualTo(ErrorCode.TIMEOUT.code());
      assertThat(pending.getString("status")).isEqualTo("PENDING");
      assertThat(leaseReleased(pending.getString("id"))).as("the lease let go").isTrue();
    } finally {
      execute("ALTER TABLE transfer.transfers DROP CONSTRAINT no_rejection_yet");
    }
    String id = await(list(vertx, from, null, 10)).getJsonArray("items").getJsonObject(0).getString("id");
    JsonObject rejected = await(awaitStatus(vertx, id, "REJECTED"));

    assertThat(rejected.getString("reason")).isEqualTo(ErrorCode.INVALID_REQUEST.name());
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Whether the transfer's lease is over (or none): a retry or the recovery pass may take it now. */
  private static boolean leaseReleased(String id) throws SQLException {
    try (Connection connection = connect();
         PreparedStatement query = connection.prepareStatement(
             "SELECT lease_until IS NULL OR lease_until <= now() FROM transfer.transfers WHERE id = ?")) {
      query.setString(1, id);
      try (ResultSet row = query.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(database.jdbcUrl(), database.connectOptions().getUser(),
        database.connectOptions().getPassword());
  }
}
