package bank.common;

/** A missing or invalid setting. Its message is one line that names the variable. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
