package bank.database;

import bank.common.OutageDetector;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * PostgreSQL's outages, for {@code Failures}: a connection failure, a closed connection, or an
 * error of SQLSTATE class {@code 08} (connection), {@code 53} (insufficient resources) or
 * {@code 57} (operator intervention: shutting down, starting up).
 */
public final class DatabaseOutages implements OutageDetector {

  @Override
  public boolean isOutage(Throwable failure) {
    if (failure instanceof PgException pg && pg.getSqlState() != null) {
      String sqlClass = pg.getSqlState().substring(0, 2);
      return sqlClass.equals("08") || sqlClass.equals("53") || sqlClass.equals("57");
    }
    return failure instanceof ClosedConnectionException;
  }
}
