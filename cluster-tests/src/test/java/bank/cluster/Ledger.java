package bank.cluster;

import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the balances and the audit trail must be, given what the clients were told. */
final class Ledger {

  private Ledger() {
  }

  /**
   * The sum over accounts of |actual balance - (initial + incoming - outgoing)|, counting the
   * transfers answered 201 (a 422 moved nothing).
   */
  static long drift(Map<String, Long> initial, Collection<KeyedClient.Outcome> transfers, Map<String, Long> actual) {
    Map<String, Long> expected = new HashMap<>(initial);
    for (KeyedClient.Outcome transfer : transfers) {
      if (transfer.completed()) {
        long amount = transfer.body().getLong("amount");
        expected.merge(transfer.body().getString("from"), -amount, Long::sum);
        expected.merge(transfer.body().getString("to"), amount, Long::sum);
      }
    }
    return expected.entrySet().stream()
        .mapToLong(account -> Math.abs(actual.getOrDefault(account.getKey(), 0L) - account.getValue()))
        .sum();
  }

  static long sum(Map<String, Long> balances) {
    return balances.values().stream().mapToLong(Long::longValue).sum();
  }

  static long negatives(Map<String, Long> balances) {
    return balances.values().stream().filter(balance -> balance < 0).count();
  }

  /** The ids of the transfers answered 201. */
  static Set<String> completedIds(Collection<KeyedClient.Outcome> transfers) {
    return transfers.stream().filter(KeyedClient.Outcome::completed)
        .map(transfer -> transfer.answer().json().getString("id"))
        .collect(Collectors.toSet());
  }

  /** The given transfers that have no TransferCompleted event in the trail. */
  static Set<String> unaudited(Set<String> completedIds, List<JsonObject> trail) {
    Set<String> audited = trail.stream().filter(event -> "TransferCompleted".equals(event.getString("type")))
        .map(event -> event.getString("entityId"))
        .collect(Collectors.toSet());
    return completedIds.stream().filter(id -> !audited.contains(id)).collect(Collectors.toSet());
  }

  /** Events beyond the first with the same type and entity id. */
  static long duplicates(List<JsonObject> trail) {
    Map<String, Long> counts = trail.stream()
        .collect(Collectors.groupingBy(event -> event.getString("type") + " " + event.getString("entityId"),
            Collectors.counting()));
    return counts.values().stream().mapToLong(count -> count - 1).sum();
  }

  /** How many times each value of {@code key} occurs, e.g. answers by status. */
  static <T, K> Map<K, Long> count(Collection<T> items, Function<T, K> key) {
    return items.stream().collect(Collectors.groupingBy(key, java.util.TreeMap::new, Collectors.counting()));
  }
}
