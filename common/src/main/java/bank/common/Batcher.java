package bank.common;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit: the items that arrive while a batch is being written wait, and go together as the
 * next batch, one statement and one commit for all of them. Nothing waits for a timer: under light
 * load a batch is one item, written at once; under heavy load batches grow with the backlog. The
 * per-statement and per-commit cost of the database is then shared by every item of a batch.
 *
 * <p>An idempotent write may ask for a failed batch to be written again one item at a time, so that
 * one item the database refuses does not fail the others with it; what a lone item then gets is its
 * own answer. Only an idempotent one: a batch whose connection failed may have committed, its
 * answer lost, and writing it again must change nothing. Otherwise every item of a failed batch
 * gets its failure.
 *
 * <p>At most {@code maxWaiting} items wait (the pool's wait queue, PG_POOL_QUEUE, is the bound the
 * operator set for requests waiting on the database); past it, a submit fails at once with
 * BUSY, having written nothing.
 *
 * <p>Not thread-safe: use one per verticle instance, from its event loop.
 *
 * @param <I> what a caller submits
 * @param <O> what each caller gets back; {@code write} answers one per item, in item order
 */
public final class Batcher<I, O> {

  private final int maxBatch;
  private final int maxInFlight;
  private final int maxWaiting;
  private final boolean writeAgainAlone;
  private final Function<List<I>, Future<List<O>>> write;
  private final List<Waiting<I, O>> waiting = new ArrayList<>();
  private int inFlight;

  public Batcher(int maxBatch, int maxInFlight, int maxWaiting, boolean writeAgainAlone,
      Function<List<I>, Future<List<O>>> write) {
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.maxWaiting = Math.max(1, maxWaiting);
    this.writeAgainAlone = writeAgainAlone;
    this.write = write;
  }

  public Future<O> submit(I item) {
    if (waiting.size() >= maxWaiting) {
      return Future.failedFuture(new ServiceException(ErrorCode.BUSY,
          "the database is busy: " + waiting.size() + " requests are waiting for it"));
    }
    // Answered on the submitter's own context, not on the one of the request whose write carried
    // the batch: what follows (its log lines and their request id, its reply) belongs to it.
    ContextInternal submitter = ContextInternal.current();
    Promise<O> answer = submitter == null ? Promise.promise() : submitter.promise();
    waiting.add(new Waiting<>(item, answer));
    if (inFlight < maxInFlight) {
      writeNext();
    }
    return answer.future();
  }

  private void writeNext() {
    if (waiting.isEmpty()) {
      return;
    }
    List<Waiting<I, O>> batch = new ArrayList<>(waiting.subList(0, Math.min(maxBatch, waiting.size())));
    waiting.subList(0, batch.size()).clear();
    inFlight++;
    writeBatch(batch)
        .onComplete(written -> {
          inFlight--;
          writeNext();
        });
  }

  private Future<Void> writeBatch(List<Waiting<I, O>> batch) {
    if (batch.size() == 1) {
      return writeAlone(batch.get(0));
    }
    return written(batch.stream().map(Waiting::item).toList())
        .<Void>map(answers -> {
          for (int i = 0; i < batch.size(); i++) {
            batch.get(i).answer().tryComplete(answers.get(i));
          }
          return null;
        })
        .recover(failure -> {
          if (writeAgainAlone) {
            return Future.join(batch.stream().map(this::writeAlone).toList()).mapEmpty();
          }
          batch.forEach(one -> one.answer().tryFail(failure));
          return Future.succeededFuture();
        });
  }

  private Future<Void> writeAlone(Waiting<I, O> one) {
    return written(List.of(one.item()))
        .map(answers -> answers.get(0))
        .onComplete(one.answer())
        .otherwiseEmpty()
        .mapEmpty();
  }

  /** One field of every item of a batch, in item order: a text array parameter for {@code unnest}. */
  public static <T> String[] texts(List<T> batch, Function<T, String> field) {
    return batch.stream().map(field).toArray(String[]::new);
  }

  /** One field of every item of a batch, in item order: a bigint array parameter for {@code unnest}. */
  public static <T> Long[] longs(List<T> batch, Function<T, Long> field) {
    return batch.stream().map(field).toArray(Long[]::new);
  }

  /** The write's answers; a write that throws fails its batch instead of stalling the batcher. */
  private Future<List<O>> written(List<I> items) {
    return Future.<Void>succeededFuture().compose(start -> write.apply(items));
  }

  private record Waiting<I, O>(I item, Promise<O> answer) {
  }
}
