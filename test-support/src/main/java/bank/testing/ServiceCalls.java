package bank.testing;

import bank.common.Deadline;
import bank.common.ServiceCaller;
import bank.common.ServiceDirectory;
import bank.contracts.CallContext;
import bank.contracts.ContractCaller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.BiFunction;

/**
 * A test's call to a service through its contract, as a caller in production makes it: the instance
 * is found in the discovery registry ({@link ServiceDirectory}) and called through a proxy at its
 * own address. One-off: each call reads the registry, which is fine for tests and too slow for
 * anything else.
 */
public final class ServiceCalls {

  private static final long TIMEOUT_MS = 30_000;

  private ServiceCalls() {
  }

  /** {@code method} of the service {@code service}, as the bank itself (request id "test"). */
  public static <S, T> Future<T> call(Vertx vertx, String service, ContractCaller.Proxies<S> typed,
      ContractCaller.Proxies<S> version1, BiFunction<S, CallContext, Future<T>> method) {
    ServiceDirectory directory = new ServiceDirectory(vertx);
    return directory.start()
        .compose(ready -> new ContractCaller<>(vertx, new ServiceCaller(vertx, directory, service), typed, version1)
            .call(CallContext.internal("test"), Deadline.in(TIMEOUT_MS), method))
        .eventually(() -> {
          directory.stop();
          return Future.succeededFuture();
        });
  }

  /** The address where the one instance of {@code service} serves its contract. */
  public static Future<String> contractAddress(Vertx vertx, String service) {
    ServiceDirectory directory = new ServiceDirectory(vertx);
    return directory.start()
        .map(ready -> directory.contractAddressOf(directory.live(service).get(0)))
        .eventually(() -> {
          directory.stop();
          return Future.succeededFuture();
        });
  }
}
