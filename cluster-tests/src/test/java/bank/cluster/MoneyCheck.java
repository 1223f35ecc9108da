package bank.cluster;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.assertj.core.api.SoftAssertions;

/**
 * The bank's money invariants after a load, from what the clients were told: every snapshot summed
 * to the total with no negative balance, the balances are the initial ones moved by exactly the
 * transfers answered 201, each of those is COMPLETED and in the audit trail exactly once.
 */
record MoneyCheck(long total, long finalTotal, long snapshots, long snapshotViolations, List<String> snapshotExamples,
    long negatives, long drift, long lost, long auditMissing, long auditDuplicates, long auditMillis, String unreadable) {

  /** How long the audit trail may take to hold every completed transfer: the outboxes drain after the faults. */
  static final Duration AUDIT_WITHIN = Duration.ofSeconds(60);

  static MoneyCheck after(Bank bank, Map<String, Long> initial, List<KeyedClient.Outcome> transfers, SnapshotReader snapshots)
      throws Exception {
    Set<String> completed = Ledger.completedIds(transfers);
    long auditStarted = System.currentTimeMillis();
    List<JsonObject> trail;
    Map<String, Long> balances;
    try {
      trail = awaitAudited(bank, completed);
      balances = bank.balances();
    } catch (AssertionError | Exception unreadable) {
      // A cluster that did not heal may leave a service unreachable: the check fails, and says why.
      return new MoneyCheck(Ledger.sum(initial), -1, snapshots.snapshots(), snapshots.violations(), snapshots.examples(),
          snapshots.negatives(), -1, -1, completed.size(), -1, System.currentTimeMillis() - auditStarted, unreadable.getMessage());
    }
    long auditMillis = System.currentTimeMillis() - auditStarted;
    return new MoneyCheck(Ledger.sum(initial), Ledger.sum(balances), snapshots.snapshots(), snapshots.violations(),
        snapshots.examples(), snapshots.negatives() + Ledger.negatives(balances), Ledger.drift(initial, transfers, balances),
        bank.notCompleted(completed), Ledger.unaudited(completed, trail).size(), Ledger.duplicates(trail), auditMillis, "");
  }

  void addTo(Report report) {
    report.row("money: snapshots read / not summing to the total or with a negative balance", snapshots + " / " + snapshotViolations)
        .row("money: negative balances, drift, lost (201 but not COMPLETED)", negatives + ", " + drift + ", " + lost
            + " (target 0)")
        .row("money: total before / after", total + " / " + finalTotal)
        .row("audit: completed transfers missing / duplicate events", auditMissing + " / " + auditDuplicates
            + " (the trail was complete " + auditMillis + " ms after the load)");
    if (!unreadable.isEmpty()) {
      report.line("the balances or the audit trail could not be read after the load: " + unreadable);
    }
    snapshotExamples.forEach(example -> report.line("snapshot violation: " + example));
  }

  void assertHeld(SoftAssertions softly) {
    softly.assertThat(unreadable).as("reading the balances and the audit trail after the load").isEmpty();
    softly.assertThat(snapshotViolations).as("snapshots not summing to the total or with a negative balance").isZero();
    softly.assertThat(negatives).as("negative balances").isZero();
    softly.assertThat(finalTotal).as("the total at the end").isEqualTo(total);
    softly.assertThat(drift).as("drift from the transfers answered 201").isZero();
    softly.assertThat(lost).as("transfers answered 201 that are not COMPLETED").isZero();
    softly.assertThat(auditMissing).as("completed transfers missing from the audit trail after %s s", AUDIT_WITHIN.toSeconds())
        .isZero();
    softly.assertThat(auditDuplicates).as("duplicate audit events").isZero();
  }

  /** The audit trail once every completed transfer is in it, or as it is after {@link #AUDIT_WITHIN}. */
  private static List<JsonObject> awaitAudited(Bank bank, Set<String> completed) throws Exception {
    try {
      return Poll.until("every completed transfer audited", AUDIT_WITHIN, () -> readable(bank::auditTrail),
          trail -> Ledger.unaudited(completed, trail).isEmpty());
    } catch (AssertionError stillMissing) {
      return bank.auditTrail();
    }
  }

  /** What {@code read} returns, its failed assertion (an unreadable trail) turned into an exception that {@link Poll} retries. */
  private static <T> T readable(Callable<T> read) throws Exception {
    try {
      return read.call();
    } catch (AssertionError notNow) {
      throw new IllegalStateException(notNow.getMessage(), notNow);
    }
  }
}
