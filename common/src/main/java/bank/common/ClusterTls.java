package bank.common;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyStoreOptionsBase;
import io.vertx.core.net.PfxOptions;
import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Collections;

/**
 * Mutual TLS on the clustered event bus: every node presents the key in its keystore
 * ({@code CLUSTER_TLS_KEYSTORE}) and accepts only peers whose certificate its truststore
 * ({@code CLUSTER_TLS_TRUSTSTORE}) vouches for, in both directions. A node without such a
 * certificate may still join Hazelcast (the open-source edition authenticates no member), but
 * it can neither send to nor receive from the others.
 *
 * <p>Vert.x does not check host names on the event bus, so the truststore is the whole check:
 * give it the cluster's own authority, never a public one.
 */
public record ClusterTls(StoreFile keyStore, StoreFile trustStore) {

  /** A PKCS#12 (or JKS) file and its password. */
  public record StoreFile(String path, String password, String type) {

    /**
     * PKCS#12 or JKS options, not the generic {@code KeyStoreOptions}: the clustered event bus copies
     * its options through JSON, which keeps only these (and PEM), silently dropping the rest.
     */
    KeyStoreOptionsBase options() {
      return "JKS".equalsIgnoreCase(type)
          ? new JksOptions().setPath(path).setPassword(password)
          : new PfxOptions().setPath(path).setPassword(password);
    }

    /** Never print the password. */
    @Override
    public String toString() {
      return path;
    }
  }

  /** The TLS settings, or {@code null} when neither store is set: the event bus then runs in plain text. */
  public static ClusterTls from(JsonObject config) {
    String keyStore = Settings.string(config, "CLUSTER_TLS_KEYSTORE", null);
    String trustStore = Settings.string(config, "CLUSTER_TLS_TRUSTSTORE", null);
    if (keyStore == null && trustStore == null) {
      return null;
    }
    if (keyStore == null || trustStore == null) {
      throw new ConfigException("CLUSTER_TLS_KEYSTORE and CLUSTER_TLS_TRUSTSTORE go together: set both or neither");
    }
    String keyPassword = Settings.string(config, "CLUSTER_TLS_KEYSTORE_PASSWORD", null);
    if (keyPassword == null) {
      throw new ConfigException("CLUSTER_TLS_KEYSTORE_PASSWORD is not set");
    }
    String trustPassword = Settings.string(config, "CLUSTER_TLS_TRUSTSTORE_PASSWORD", keyPassword);
    return of(keyStore, keyPassword, trustStore, trustPassword);
  }

  /**
   * Opens both stores now, so that a wrong path or password stops the node at start-up with a clear
   * message rather than at its first connection. Blocking (file reads): call it from a main thread.
   */
  public static ClusterTls of(String keyStore, String keyPassword, String trustStore, String trustPassword) {
    KeyStore keys = open("CLUSTER_TLS_KEYSTORE", keyStore, keyPassword);
    if (count(keys, true) != 1) {
      throw new ConfigException("CLUSTER_TLS_KEYSTORE must hold exactly one private key with its certificate: " + keyStore);
    }
    KeyStore trusted = open("CLUSTER_TLS_TRUSTSTORE", trustStore, trustPassword);
    if (count(trusted, false) == 0) {
      throw new ConfigException("CLUSTER_TLS_TRUSTSTORE holds no trusted certificate: " + trustStore);
    }
    return new ClusterTls(new StoreFile(keyStore, keyPassword, keys.getType()),
        new StoreFile(trustStore, trustPassword, trusted.getType()));
  }

  /** TLS both ways: this node's certificate is required by its peers, and theirs by it. Never trust-all. */
  public EventBusOptions applyTo(EventBusOptions eventBus) {
    return eventBus.setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setTrustAll(false)
        .setKeyCertOptions(keyStore.options())
        .setTrustOptions(trustStore.options());
  }

  private static KeyStore open(String variable, String path, String password) {
    try {
      return KeyStore.getInstance(new File(path), password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(variable + ": cannot open " + path + ": " + e.getMessage());
    }
  }

  private static long count(KeyStore store, boolean keys) {
    try {
      long count = 0;
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias) == keys) {
          count++;
        }
      }
      return count;
    } catch (KeyStoreException e) {
      throw new IllegalStateException("a loaded keystore cannot be read", e);
    }
  }
}
