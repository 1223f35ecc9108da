package bank.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bank.common.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("./run's bank identity and ports, per data directory")
class LocalIdentityTest {

  @TempDir
  Path checkouts;

  @Test
  @DisplayName("the first start writes a random id into data/bank-id; later starts keep it; another data directory gets another")
  void idPerDataDirectory() throws IOException {
    Path first = checkouts.resolve("one/data");
    String id = LocalIdentity.of(first);
    assertThat(id).matches("[0-9a-f]{16}");
    assertThat(Files.readString(first.resolve("bank-id"))).isEqualTo(id + "\n");
    assertThat(LocalIdentity.of(first)).isEqualTo(id);
    assertThat(LocalIdentity.of(checkouts.resolve("two/data"))).isNotEqualTo(id);
  }

  @Test
  @DisplayName("every node gets BANK_ID=<id> and CLUSTER_NAME=bank-<id>, unless the environment sets them")
  void environment() {
    assertThat(LocalIdentity.environment("3f9a", name -> null))
        .containsExactly(Map.entry("BANK_ID", "3f9a"), Map.entry("CLUSTER_NAME", "bank-3f9a"));
    assertThat(LocalIdentity.environment("3f9a", Map.of("CLUSTER_NAME", "mine")::get))
        .containsExactly(Map.entry("BANK_ID", "3f9a"));
    assertThat(LocalIdentity.environment("3f9a", Map.of("BANK_ID", "east")::get))
        .containsExactly(Map.entry("CLUSTER_NAME", "bank-east"));
    assertThat(LocalIdentity.environment("3f9a", Map.of("BANK_ID", "east", "CLUSTER_NAME", "mine")::get)).isEmpty();
  }

  @Test
  @DisplayName("a bank-id file that holds no valid id stops ./run, naming the file and BANK_ID")
  void corruptFile() throws IOException {
    Path data = checkouts.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("bank-id"), "not an id\n");
    assertThatThrownBy(() -> LocalIdentity.of(data)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(data.resolve("bank-id").toString()).hasMessageContaining("BANK_ID");
  }

  @Test
  @DisplayName("--fresh makes a new bank, but keeps the id when the database is an external one (which it does not empty)")
  void fresh() throws IOException {
    Path data = checkouts.resolve("data");
    String id = LocalIdentity.of(data);
    LocalRunner.fresh(data, true);
    assertThat(LocalIdentity.existing(data)).isEqualTo(id);
    LocalRunner.fresh(data, false);
    assertThat(data).doesNotExist();
    assertThat(LocalIdentity.of(data)).isNotEqualTo(id);
  }

  @Test
  @DisplayName("a default port another bank holds gives way to the next free one; a port the user set is kept as it is")
  void ports() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThat(LocalPorts.free(port, 1)).isFalse();
      assertThat(LocalPorts.choose("HTTP_PORT", null, port, 1)).isGreaterThan(port);
      assertThat(LocalPorts.choose("METRICS_PORT_BASE", null, port - 2, 4)).isGreaterThanOrEqualTo(port + 2);
      assertThat(LocalPorts.choose("HTTP_PORT", String.valueOf(port), 8080, 1)).isEqualTo(port);
    }
    assertThatThrownBy(() -> LocalPorts.choose("HTTP_PORT", "eighty", 8080, 1)).hasMessageContaining("HTTP_PORT");
  }
}
