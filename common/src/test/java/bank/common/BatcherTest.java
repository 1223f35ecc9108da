package bank.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Group commit (Batcher)")
class BatcherTest {

  /** A database stand-in whose writes finish when the test says so. */
  private static final class Writes {
    final List<List<String>> batches = new ArrayList<>();
    final List<Promise<List<String>>> pending = new ArrayList<>();

    Future<List<String>> write(List<String> batch) {
      batches.add(batch);
      Promise<List<String>> written = Promise.promise();
      pending.add(written);
      return written.future();
    }

    void succeed(int index) {
      pending.get(index).complete(batches.get(index).stream().map(item -> item + " written").toList());
    }

    void fail(int index) {
      pending.get(index).fail("refused");
    }
  }

  @Test
  @DisplayName("an item is written at once when nothing is in flight; those that arrive meanwhile go together next")
  void gathersTheBacklog() {
    Writes writes = new Writes();
    Batcher<String, String> batcher = new Batcher<>(100, 1, 100, true, writes::write);
    Future<String> first = batcher.submit("a");
    List<Future<String>> next = List.of(batcher.submit("b"), batcher.submit("c"), batcher.submit("d"));
    assertThat(writes.batches).containsExactly(List.of("a"));

    writes.succeed(0);
    assertThat(first.result()).isEqualTo("a written");
    assertThat(writes.batches).containsExactly(List.of("a"), List.of("b", "c", "d"));

    writes.succeed(1);
    assertThat(next).extracting(Future::result).containsExactly("b written", "c written", "d written");
  }

  @Test
  @DisplayName("a batch holds at most the given number of items")
  void boundsTheBatch() {
    Writes writes = new Writes();
    Batcher<String, String> batcher = new Batcher<>(2, 1, 100, true, writes::write);
    List.of("a", "b", "c", "d").forEach(batcher::submit);
    writes.succeed(0);
    writes.succeed(1);
    assertThat(writes.batches).containsExactly(List.of("a"), List.of("b", "c"), List.of("d"));
  }

  @Test
  @DisplayName("an idempotent write's failed batch is written again item by item, so that only the refused item fails")
  void isolatesARefusedItem() {
    Writes writes = new Writes();
    Batcher<String, String> batcher = new Batcher<>(100, 1, 100, true, writes::write);
    batcher.submit("a");
    List<Future<String>> batch = List.of(batcher.submit("b"), batcher.submit("c"), batcher.submit("d"));
    writes.succeed(0);
    writes.fail(1);
    assertThat(writes.batches).endsWith(List.of("b"), List.of("c"), List.of("d"));

    writes.succeed(2);
    writes.fail(3);
    writes.succeed(4);
    assertThat(batch.get(0).result()).isEqualTo("b written");
    assertThat(batch.get(1).failed()).isTrue();
    assertThat(batch.get(2).result()).isEqualTo("d written");
  }

  @Test
  @DisplayName("up to the given number of batches are in flight at once")
  void boundsTheBatchesInFlight() {
    Writes writes = new Writes();
    Batcher<String, String> batcher = new Batcher<>(100, 2, 100, true, writes::write);
    List.of("a", "b", "c", "d").forEach(batcher::submit);
    assertThat(writes.batches).containsExactly(List.of("a"), List.of("b"));
    writes.succeed(1);
    assertThat(writes.batches).containsExactly(List.of("a"), List.of("b"), List.of("c", "d"));
  }

  @Test
  @DisplayName("past the bound on waiting items, a submit fails at once with BUSY and is never written")
  void boundsTheWaiting() {
    Writes writes = new Writes();
    Batcher<String, String> batcher = new Batcher<>(100, 1, 2, true, writes::write);
    List.of("a", "b", "c").forEach(batcher::submit);
    Future<String> refused = batcher.submit("d");
    assertThat(refused.failed()).isTrue();
    assertThat(((ServiceException) refused.cause()).code()).isEqualTo(ErrorCode.BUSY);
    writes.succeed(0);
    assertThat(writes.batches).containsExactly(List.of("a"), List.of("b", "c"));
  }

  @Test
  @DisplayName("a write that is not idempotent is never written again: every item of a failed batch fails")
  void neverWritesAgainWhatMayHaveCommitted() {
    Writes writes = new Writes();
    Batcher<String, String> batcher = new Batcher<>(100, 1, 100, false, writes::write);
    batcher.submit("a");
    List<Future<String>> batch = List.of(batcher.submit("b"), batcher.submit("c"));
    writes.succeed(0);
    writes.fail(1);
    assertThat(writes.batches).containsExactly(List.of("a"), List.of("b", "c"));
    assertThat(batch).allMatch(Future::failed);
  }

  @Test
  @DisplayName("a write that throws fails its batch, and the next batch is still written")
  void survivesAThrowingWrite() {
    Writes writes = new Writes();
    Batcher<String, String> batcher = new Batcher<>(100, 1, 100, false, batch -> {
      if (batch.contains("bad")) {
        throw new IllegalStateException("a bug in the write");
      }
      return writes.write(batch);
    });
    Future<String> bad = batcher.submit("bad");
    Future<String> good = batcher.submit("good");
    assertThat(bad.failed()).isTrue();
    writes.succeed(0);
    assertThat(good.result()).isEqualTo("good written");
  }
}
