package bank.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * The HTTP load: {@code POST /transfers} between random accounts, each with a unique
 * Idempotency-Key, and one read ({@code GET /accounts/{id}}) for every {@link #TRANSFERS_PER_READ}
 * transfers. Everything runs on one Vert.x context, so the counters need no locks.
 *
 * <p>Two modes. The closed loop keeps a number of clients busy, each sending its next request when
 * the last one was answered: it finds the peak rate. The open loop sends at a constant rate whatever
 * the answers do, and measures each latency from the moment its request was due, not from when it
 * could be sent: a stall shows in the percentiles instead of slowing the load (no coordinated
 * omission).
 */
final class Load {

  static final int TRANSFERS_PER_READ = 4;
  private static final long REQUEST_TIMEOUT_MS = 30_000;

  /** What one run saw; latencies in microseconds. */
  record Result(double seconds, long transfers, long reads, Map<Integer, Long> statuses, Histogram transferLatency,
      Histogram readLatency, List<Second> timeline) {

    double transfersPerSecond() {
      return transfers / seconds;
    }

    double readsPerSecond() {
      return reads / seconds;
    }

    /** Answers other than 201 to a transfer and 200 to a read, or no answer (status -1). */
    long errors() {
      return statuses.entrySet().stream().filter(entry -> entry.getKey() != 200 && entry.getKey() != 201)
          .mapToLong(Map.Entry::getValue).sum();
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final WebClient client;
  private final List<String> accounts;
  private final List<String> tokens;

  Load(Vertx vertx, URI gateway, List<String> accounts, List<String> tokens, int connections) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(gateway.getHost())
        .setDefaultPort(gateway.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections));
    this.accounts = accounts;
    this.tokens = tokens;
  }

  /** {@code clients} clients, each sending its next request when its last one was answered. */
  Future<Result> closedLoop(int clients, Duration duration) {
    Promise<Result> done = Promise.promise();
    context.runOnContext(start -> {
      Run run = new Run(duration);
      for (int i = 0; i < clients; i++) {
        clientLoop(run, i);
      }
      run.finished.future().onComplete(done);
    });
    return done.future();
  }

  /** Requests at {@code perSecond}, evenly spaced, for {@code duration}, whatever the answers do. */
  Future<Result> openLoop(double perSecond, Duration duration) {
    Promise<Result> done = Promise.promise();
    context.runOnContext(start -> {
      Run run = new Run(duration);
      long total = Math.max(1, Math.round(perSecond * duration.toNanos() / 1e9));
      double interval = 1e9 / perSecond;
      long[] sent = {0};
      vertx.setPeriodic(1, timer -> {
        long due = Math.min(total, (long) ((System.nanoTime() - run.started) / interval) + 1);
        for (; sent[0] < due; sent[0]++) {
          long intended = run.started + (long) (sent[0] * interval);
          run.inFlight++;
          send(sent[0], (int) sent[0]).onSuccess(answer -> {
            run.record(answer, intended);
            run.finishIfIdle();
          });
        }
        if (sent[0] == total) {
          vertx.cancelTimer(timer);
          run.sendingDone = true;
          run.finishIfIdle();
        }
      });
      run.finished.future().onComplete(done);
    });
    return done.future();
  }

  void close() {
    client.close();
  }

  private void clientLoop(Run run, int clientIndex) {
    if (run.over()) {
      run.sendingDone = true;
      run.finishIfIdle();
      return;
    }
    long sentAt = System.nanoTime();
    run.inFlight++;
    send(run.operations++, clientIndex).onSuccess(answer -> {
      run.record(answer, sentAt);
      clientLoop(run, clientIndex);
    });
  }

  /** A transfer, or every {@link #TRANSFERS_PER_READ} + 1-th operation a read. Never fails: no answer is status -1. */
  private Future<Answer> send(long operation, int caller) {
    boolean read = operation % (TRANSFERS_PER_READ + 1) == TRANSFERS_PER_READ;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    HttpRequest<Buffer> request;
    Future<HttpResponse<Buffer>> response;
    if (read) {
      request = client.get("/accounts/" + accounts.get(random.nextInt(accounts.size())));
      response = authorized(request, caller).send();
    } else {
      int from = random.nextInt(accounts.size());
      int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
      request = client.post("/transfers").putHeader("Idempotency-Key", UUID.randomUUID().toString());
      response = authorized(request, caller).sendJsonObject(new JsonObject().put("from", accounts.get(from))
          .put("to", accounts.get(to)).put("amount", 1 + random.nextInt(100)).put("reference", "bench"));
    }
    return response.map(answer -> new Answer(read, answer.statusCode()))
        .otherwise(failure -> new Answer(read, -1));
  }

  private HttpRequest<Buffer> authorized(HttpRequest<Buffer> request, int caller) {
    return request.timeout(REQUEST_TIMEOUT_MS)
        .putHeader("Authorization", "Bearer " + tokens.get(caller % tokens.size()));
  }

  private record Answer(boolean read, int status) {
  }

  /** One second of a run, by when its requests were sent (due, in the open loop): its slowest transfer, its errors. */
  record Second(long slowestTransferMicros, long errors) {
  }

  /** One run's state; touched only on the load's context. */
  private static final class Run {
    final long started = System.nanoTime();
    final long deadline;
    final Promise<Result> finished = Promise.promise();
    final Map<Integer, Long> statuses = new TreeMap<>();
    final Histogram transferLatency = new Histogram(3_600_000_000L, 3);
    final Histogram readLatency = new Histogram(3_600_000_000L, 3);
    final long[] slowest;
    final long[] errors;
    long operations;
    long transfers;
    long reads;
    long inFlight;
    boolean sendingDone;

    Run(Duration duration) {
      this.deadline = started + duration.toNanos();
      // A second more than the run: the last requests are sent just before its end.
      this.slowest = new long[(int) duration.toSeconds() + 1];
      this.errors = new long[slowest.length];
    }

    boolean over() {
      return System.nanoTime() >= deadline;
    }

    void record(Answer answer, long since) {
      inFlight--;
      long micros = Math.max(1, (System.nanoTime() - since) / 1_000);
      statuses.merge(answer.status(), 1L, Long::sum);
      int second = (int) Math.min(slowest.length - 1, Math.max(0, (since - started) / 1_000_000_000L));
      boolean answered = answer.status() == (answer.read() ? 200 : 201);
      errors[second] += answered ? 0 : 1;
      if (answer.read()) {
        readLatency.recordValue(micros);
        reads += answer.status() == 200 ? 1 : 0;
      } else {
        transferLatency.recordValue(micros);
        slowest[second] = Math.max(slowest[second], micros);
        transfers += answer.status() == 201 ? 1 : 0;
      }
    }

    /** Over once no more will be sent and no request is in flight. */
    void finishIfIdle() {
      if (sendingDone && inFlight == 0) {
        finished.tryComplete(new Result((System.nanoTime() - started) / 1e9, transfers, reads, statuses,
            transferLatency, readLatency, IntStream.range(0, slowest.length)
                .mapToObj(second -> new Second(slowest[second], errors[second])).toList()));
      }
    }
  }
}
