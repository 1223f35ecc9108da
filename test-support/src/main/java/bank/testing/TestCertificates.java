package bank.testing;

import bank.common.ClusterTls;
import bank.local.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Certificates made for a test by the project's own {@code tools/make-certs} (the script the README
 * tells operators to use): an authority and a keystore per name, signed by it. Blocking (runs
 * keytool): for test set-up only.
 */
public final class TestCertificates {

  /** The password of every test store: for tests only. */
  public static final String PASSWORD = "test-only-store-password";

  private final Path directory;

  private TestCertificates(Path directory) {
    this.directory = directory;
  }

  /** A new authority in a new temporary directory, with a keystore for each name. */
  public static TestCertificates authority(String... names) {
    try {
      TestCertificates certificates = new TestCertificates(Files.createTempDirectory("bank-certs-"));
      certificates.run(names);
      return certificates;
    } catch (IOException e) {
      throw new IllegalStateException("cannot make test certificates: " + e.getMessage(), e);
    }
  }

  /** The event-bus TLS of a node presenting {@code name}'s certificate and trusting this authority. */
  public ClusterTls clusterTls(String name) {
    return clusterTls(name, this);
  }

  /** A node presenting {@code name}'s certificate of this authority, but trusting {@code trusted}. */
  public ClusterTls clusterTls(String name, TestCertificates trusted) {
    return ClusterTls.of(keyStore(name).toString(), PASSWORD, trusted.trustStore().toString(), PASSWORD);
  }

  public Path keyStore(String name) {
    return directory.resolve(name + ".p12");
  }

  public Path trustStore() {
    return directory.resolve("truststore.p12");
  }

  /** The authority's certificate, PEM. */
  public Path authorityPem() {
    return directory.resolve("ca.pem");
  }

  /** {@code name}'s certificate, PEM, as the authority signed it. */
  public Path certificatePem(String name) {
    return directory.resolve(name + ".pem");
  }

  /**
   * {@code name}'s private key as an unencrypted PKCS#8 PEM file (mode 600), for servers that want
   * one (PostgreSQL): keytool does not export keys.
   */
  public Path privateKeyPem(String name) {
    Path pem = directory.resolve(name + ".key");
    try {
      KeyStore store = KeyStore.getInstance(keyStore(name).toFile(), PASSWORD.toCharArray());
      Key key = store.getKey("node", PASSWORD.toCharArray());
      String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
      Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
      Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
      return pem;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot export the key of " + name + ": " + e.getMessage(), e);
    }
  }

  private void run(String... names) throws IOException {
    Path script = Repository.root().resolve("tools/make-certs");
    List<String> command = new ArrayList<>(List.of("bash", script.toString(), directory.toString()));
    command.addAll(List.of(names));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("CERTS_PASSWORD", PASSWORD);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    try {
      if (process.waitFor() != 0) {
        throw new IllegalStateException("tools/make-certs failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making certificates", e);
    }
  }
}
