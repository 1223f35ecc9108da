package bank.gateway;

import bank.common.NodeLauncher;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.LoggerFactory;

/** Starts one clustered gateway node: {@code java -XX:-DontCompileHugeMethods -jar api-gateway-*-fat.jar}. */
public final class GatewayMain {

  private GatewayMain() {
  }

  public static void main(String[] args) {
    warnIfValidationRunsInterpreted();
    NodeLauncher.launch("api-gateway", (settings, node) -> {
      GatewayConfig config = GatewayConfig.from(settings);
      return () -> new GatewayVerticle(config);
    });
  }

  /** vertx-json-schema's validating method is too big for HotSpot to compile by default: see {@link RequestValidation}. */
  private static void warnIfValidationRunsInterpreted() {
    HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    if (hotspot != null && "true".equals(hotspot.getVMOption("DontCompileHugeMethods").getValue())) {
      LoggerFactory.getLogger(GatewayMain.class).warn("started without -XX:-DontCompileHugeMethods: request"
          + " validation runs interpreted, at about three times its CPU (see api-gateway/README.md)");
    }
  }
}
