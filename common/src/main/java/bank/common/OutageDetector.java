package bank.common;

/**
 * Tells an outage of something a service depends on (its database: down, restarting, overloaded)
 * from a bug, for {@link Failures}: an outage is retryable and logged as a warning, a bug is
 * {@code INTERNAL} and logged with its stack. Found with {@link java.util.ServiceLoader}, so that
 * {@code common} needs no database client: the {@code database} module provides the one for
 * PostgreSQL.
 */
public interface OutageDetector {

  boolean isOutage(Throwable failure);
}
