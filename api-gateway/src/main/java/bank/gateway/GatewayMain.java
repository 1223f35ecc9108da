package bank.gateway;

import bank.common.NodeLauncher;

/** Starts one clustered gateway node: {@code java -jar api-gateway-*-fat.jar}. */
public final class GatewayMain {

  private GatewayMain() {
  }

  public static void main(String[] args) {
    NodeLauncher.launch("api-gateway", (settings, node) -> {
      GatewayConfig config = GatewayConfig.from(settings);
      return () -> new GatewayVerticle(config);
    });
  }
}
