package io.leadscore.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wire-format serde against a real schema registry (Apicurio, through its Confluent-compatible API). */
class RestSchemaRegistryTest {

  private static ApicurioRegistry registry;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = ApicurioRegistry.get();
  }

  private static WireFormatAvroSerde<WebActivity> serde(String url) {
    WireFormatAvroSerde<WebActivity> serde = new WireFormatAvroSerde<>();
    serde.configure(Map.of(WireFormatAvroSerde.REGISTRY_URL_CONFIG, url), false);
    return serde;
  }

  private static WebActivity event() {
    return WebActivity.newBuilder().setEventId("e-1").setLeadId("lead-1").setType(WebActivityType.PAGE_VIEW)
        .setUrl("https://example.com/pricing").setEventTime(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
  }

  @Test
  void writesTheWireFormatRegistersTheSubjectAndReadsBackThroughAnotherClient() throws Exception {
    WebActivity event = event();
    byte[] bytes = serde(registry.url()).serialize("rest-test.activity.web", event);

    ByteBuffer header = ByteBuffer.wrap(bytes);
    assertThat(header.get()).as("magic byte").isZero();
    int id = header.getInt();
    assertThat(id).isPositive();
    assertThat(serde(registry.url()).deserialize("rest-test.activity.web", bytes)).isEqualTo(event);

    HttpResponse<String> subjects = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(registry.url() + "/subjects")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(subjects.body()).contains("rest-test.activity.web-value");
  }

  @Test
  void instancesRegisteringANewSubjectAtOnceAllGetItsId() throws Exception {
    for (int round = 0; round < 20; round++) {
      String topic = "race-" + round + "-" + System.nanoTime();
      CountDownLatch gate = new CountDownLatch(1);
      List<Callable<Integer>> writers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        WireFormatAvroSerde<WebActivity> serde = serde(registry.url());
        writers.add(() -> {
          gate.await();
          return ByteBuffer.wrap(serde.serialize(topic, event()), 1, 4).getInt();
        });
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        Set<Integer> ids = new HashSet<>();
        List<Future<Integer>> results = new ArrayList<>();
        writers.forEach(w -> results.add(pool.submit(w)));
        gate.countDown();
        for (Future<Integer> id : results) {
          ids.add(id.get());
        }
        assertThat(ids).hasSize(1);
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void unknownSchemaIdIsReportedAsSuch() {
    byte[] bytes = ByteBuffer.allocate(6).put((byte) 0).putInt(987_654).array();
    assertThatThrownBy(() -> serde(registry.url()).deserialize("t", bytes))
        .isInstanceOf(UnknownSchemaException.class)
        .hasMessageContaining("schema id 987654");
  }

  @Test
  void registryThatIsDownIsAnOutageRetriedForAWhileNotTheRecordsFault() {
    WireFormatAvroSerde<WebActivity> serde = new WireFormatAvroSerde<>();
    serde.configure(Map.of(WireFormatAvroSerde.REGISTRY_URL_CONFIG, "http://127.0.0.1:9/apis/ccompat/v7",
        RestSchemaRegistry.RETRY_TIMEOUT_CONFIG, "700"), false);
    long started = System.nanoTime();
    assertThatThrownBy(() -> serde.deserialize("t", ByteBuffer.allocate(6).put((byte) 0).putInt(1).array()))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("schema registry unreachable at [http://127.0.0.1:9/apis/ccompat/v7/]")
        .hasMessageContaining("retried for 700 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("retried with backoff before giving up")
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void secondUrlIsTriedWhenTheFirstIsDown() {
    String urls = "http://127.0.0.1:9/apis/ccompat/v7," + registry.url();
    WebActivity event = event();
    assertThat(serde(urls).deserialize("t", serde(urls).serialize("t", event))).isEqualTo(event);
  }
}
