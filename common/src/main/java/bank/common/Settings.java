package bank.common;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Reads a node's settings once, at start-up: an optional JSON file named by {@code CONFIG_FILE},
 * overridden by the environment (the contract's variables win over the file).
 * Typed views ({@link NodeConfig}, the database module's {@code DatabaseConfig}, ...) validate what they need.
 */
public final class Settings {

  private Settings() {
  }

  public static Future<JsonObject> load(Vertx vertx) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(-1);
    String file = System.getenv("CONFIG_FILE");
    if (file != null && !file.isBlank()) {
      options.addStore(new ConfigStoreOptions().setType("file").setFormat("json")
          .setConfig(new JsonObject().put("path", file)));
    }
    options.addStore(new ConfigStoreOptions().setType("env"));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .recover(failure -> Future.failedFuture(new ConfigException("CONFIG_FILE: cannot read " + file + ": " + failure.getMessage())))
        .eventually(retriever::close);
  }

  /** A string setting, or the default when it is absent or blank. */
  public static String string(JsonObject config, String name, String defaultValue) {
    Object value = config.getValue(name);
    if (value == null || value.toString().isBlank()) {
      return defaultValue;
    }
    return value.toString().trim();
  }

  /** An integer setting within [min, max], or the default when absent. */
  public static int integer(JsonObject config, String name, int defaultValue, int min, int max) {
    String value = string(config, name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be an integer, got '" + value + "'");
    }
  }
}
