package io.leadscore.app;

import static io.leadscore.app.HostileInputBrokerTest.header;
import static io.leadscore.app.HostileInputBrokerTest.metric;
import static io.leadscore.app.HostileInputBrokerTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.avro.Identification;
import io.leadscore.avro.LeadMerge;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.ScoreReason;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import io.leadscore.failures.DeadLetters;
import io.leadscore.serde.ApicurioRegistry;
import io.leadscore.serde.AvroSerdes;
import io.leadscore.serde.WireFormatAvroSerde;
import io.leadscore.topology.LeadscoreTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Anonymous visitors, identifications and lead merges end to end, on a real broker with the real schema registry and
 * exactly-once, hostile input on the new topics included.
 */
class VisitorsBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Instant NOW = Instant.now();

  private static WebActivity view(String lead, String visitor, String path, Instant at) {
    return WebActivity.newBuilder().setEventId(UUID.randomUUID().toString()).setLeadId(lead).setVisitorId(visitor)
        .setType(WebActivityType.PAGE_VIEW).setUrl("https://example.com" + path).setEventTime(at).build();
  }

  private static JsonNode lead(ScoringApp app, String leadId) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + app.apiPort() + "/api/leads/" + leadId)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body());
  }

  @Test
  void visitorsAreCreditedToTheirLeadsMergesJoinHistoriesAndBadRecordsAreDeadLettered() throws Exception {
    ApicurioRegistry registry = ApicurioRegistry.get();
    try (BrokerFixture broker = new BrokerFixture()) {
      LeadscoreConfig config = broker.config("visitors").with(WireFormatAvroSerde.REGISTRY_URL_CONFIG,
          registry.url());
      LeadscoreTopics topics = LeadscoreTopics.with(new AvroSerdes(WireFormatAvroSerde.class.getName(),
          config.clientSettings()));
      try (ScoringApp app = ScoringApp.start(config)) {
        assertThat(app.awaitRunning(WAIT)).isTrue();
        for (int day = 5; day >= 1; day--) {
          broker.send(topics.webActivity(), "visitor-1",
              view(null, "visitor-1", day == 1 ? "/pricing" : "/blog/" + day, NOW.minus(Duration.ofDays(day))));
          broker.send(topics.webActivity(), "in-order",
              view("in-order", null, day == 1 ? "/pricing" : "/blog/" + day, NOW.minus(Duration.ofDays(day))));
        }
        broker.send(topics.identities(), "visitor-1", Identification.newBuilder().setVisitorId("visitor-1")
            .setLeadId("lead-1").setIdentifiedAt(NOW.minus(Duration.ofHours(1))).setSource("form:trial").build());
        assertThat(broker.read(topics.leadScores(), "lead-1", 1, WAIT)).as("the credit, in one score")
            .singleElement().satisfies(credited -> assertThat(credited.getTopReasons())
                .allMatch(ScoreReason::getBeforeIdentification));
        // One more visit each, now, after the identification: both leads are then evaluated at the same time.
        broker.send(topics.webActivity(), "visitor-1", view(null, "visitor-1", "/docs", NOW));
        broker.send(topics.webActivity(), "in-order", view("in-order", null, "/docs", NOW));

        // Hostile: a profile on the identities topic, an oversized visitor id, a visitor taken by a second lead.
        byte[] profile = topics.profiles().valueSerde().serializer().serialize(LeadscoreTopics.PROFILES,
            LeadProfile.newBuilder().setLeadId("visitor-1").setUpdatedAt(NOW).build());
        broker.sendRaw(LeadscoreTopics.IDENTITIES, "visitor-1".getBytes(StandardCharsets.UTF_8), profile);
        String huge = "v".repeat(1_000);
        broker.send(topics.webActivity(), huge, view(null, huge, "/", NOW));
        broker.send(topics.identities(), "visitor-1", Identification.newBuilder().setVisitorId("visitor-1")
            .setLeadId("lead-2").setIdentifiedAt(NOW).build());

        List<LeadScore> scores = broker.read(topics.leadScores(), "lead-1", 2, WAIT);
        List<LeadScore> inOrder = broker.read(topics.leadScores(), "in-order", 6, WAIT);
        assertThat(scores).hasSize(2);
        LeadScore identified = scores.get(1);
        assertThat(identified.getEngagementScore())
            .isEqualTo(inOrder.get(inOrder.size() - 1).getEngagementScore());
        assertThat(identified.getTopReasons()).extracting(ScoreReason::getRuleId, ScoreReason::getBeforeIdentification)
            .contains(org.assertj.core.groups.Tuple.tuple("website-visit", true),
                org.assertj.core.groups.Tuple.tuple("website-visit", false));

        List<ConsumerRecord<byte[], byte[]>> dead = broker.readRaw(LeadscoreTopics.DEAD_LETTERS, null, 3, WAIT);
        assertThat(dead).extracting(record -> header(record, DeadLetters.MESSAGE)).hasSize(3).anySatisfy(
            reason -> assertThat(reason).contains("LeadProfile cannot be read as io.leadscore.avro.Identification"))
            .anySatisfy(reason -> assertThat(reason).contains("visitor id 'vvvv", "longer than 256 bytes"))
            .anySatisfy(reason -> assertThat(reason).contains("identified as lead 'lead-1'", "not merged"));

        // The CRM merges lead-1 into the in-order lead.
        broker.send(topics.leadMerges(), "lead-1", LeadMerge.newBuilder().setMergedId("lead-1")
            .setSurvivorId("in-order").setMergedAt(NOW).build());
        List<ConsumerRecord<byte[], byte[]>> merged = broker.readRaw(LeadscoreTopics.LEAD_SCORES, "lead-1", 3, WAIT);
        assertThat(merged).hasSize(3);
        assertThat(merged.get(2).value()).as("a tombstone").isNull();
        List<LeadScore> survivor = broker.read(topics.leadScores(), "in-order", 7, WAIT);
        assertThat(survivor).hasSize(7);
        assertThat(survivor.get(6).getEngagementScore()).as("both histories")
            .isGreaterThan(identified.getEngagementScore());

        assertThat(lead(app, "lead-1").path("mergedInto").asText()).isEqualTo("in-order");

        // The in-order lead is merged in turn: lead-1 follows it, by a record the app writes on the merges topic.
        broker.send(topics.leadMerges(), "in-order", LeadMerge.newBuilder().setMergedId("in-order")
            .setSurvivorId("final").setMergedAt(NOW).build());
        assertThat(broker.readUntil(topics.leadMerges(), written -> written.size() == 3, WAIT))
            .extracting(LeadMerge::getMergedId, LeadMerge::getSurvivorId, LeadMerge::getVia)
            .endsWith(org.assertj.core.groups.Tuple.tuple("lead-1", "final", "in-order"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!lead(app, "lead-1").path("mergedInto").asText().equals("final") && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        broker.send(topics.webActivity(), "lead-1", view("lead-1", null, "/docs/chains", NOW));
        List<LeadScore> last = broker.read(topics.leadScores(), "final", 2, WAIT);
        assertThat(last).hasSize(2);
        assertThat(last.get(0).getEngagementScore()).as("both histories, handed over")
            .isEqualTo(survivor.get(6).getEngagementScore());
        assertThat(last.get(1).getEngagementScore()).as("and lead-1's visit, two merges on")
            .isGreaterThan(last.get(0).getEngagementScore());

        assertThat(metric(app, "failed-stream-threads")).as("no thread died").isZero();
        assertThat(status(app, "/health")).isEqualTo(200);
        assertThat(app.failure()).isNull();
      }
    }
  }
}
