package io.leadscore.serde;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the client reads answers a real registry gives only when something is wrong around it (credentials refused,
 * overloaded, a proxy in front, a wrong path): as outages, never as the record's fault. A server on loopback gives them.
 */
class RegistryAnswersTest {

  private HttpServer server;

  private RestSchemaRegistry registryAnswering(int status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    return new RestSchemaRegistry("http://127.0.0.1:" + server.getAddress().getPort(),
        Map.of(RestSchemaRegistry.RETRY_TIMEOUT_CONFIG, "300"));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403, 408, 429, 500, 502, 503})
  void answersAboutTheRegistryAreOutages(int status) throws IOException {
    RestSchemaRegistry registry = registryAnswering(status, "{\"error_code\": " + status + ", \"message\": \"no\"}");
    assertThatThrownBy(() -> registry.schemaById(7)).isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("HTTP " + status).hasMessageContaining("retried for 300 ms");
  }

  @Test
  void aPlainNotFoundIsAWrongPathNotAnUnknownSchema() throws IOException {
    RestSchemaRegistry registry = registryAnswering(404, "<html>Not Found</html>");
    assertThatThrownBy(() -> registry.schemaById(7)).isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("no JSON");
  }

  @Test
  void onlyTheRegistrysOwnSchemaNotFoundIsAnUnknownSchema() throws IOException {
    RestSchemaRegistry registry = registryAnswering(404, "{\"error_code\": 40403, \"message\": \"Schema not found\"}");
    assertThatThrownBy(() -> registry.schemaById(7)).isInstanceOf(UnknownSchemaException.class)
        .hasMessageContaining("schema id 7");
  }

  @Test
  void aRegistrationTheSubjectRefusesStopsTheApp() throws IOException {
    RestSchemaRegistry registry = registryAnswering(409, "{\"error_code\": 409, \"message\": \"incompatible\"}");
    assertThatThrownBy(() -> registry.register("t-value", io.leadscore.avro.WebActivity.getClassSchema()))
        .isInstanceOf(SchemaRegistrationException.class).hasMessageContaining("incompatible");
  }
}
