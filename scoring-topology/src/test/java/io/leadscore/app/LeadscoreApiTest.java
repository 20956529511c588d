package io.leadscore.app;

import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.CrmOutcomeType;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.SalesStatus;
import io.leadscore.avro.WebActivity;
import io.leadscore.topology.LeadscoreTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP API of running instances on a real broker(). */
class LeadscoreApiTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Instant NOW = Instant.now();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension
  static final SharedBroker SHARED = new SharedBroker();

  private static BrokerFixture broker() {
    return SHARED.broker();
  }

  private static LeadscoreTopics topics() {
    return SHARED.topics();
  }

  private static HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The sum of a Prometheus metric over all its label sets. */
  private static double metricTotal(String scrape, String name) {
    assertThat(scrape).contains(name);
    return scrape.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private static void makeHotVp(String lead) {
    broker().send(topics().profiles(), lead, LeadProfile.newBuilder().setLeadId(lead).setJobLevel("VP")
        .setIndustry("Software").setUpdatedAt(NOW).build());
    for (int i = 0; i < 2; i++) {
      broker().send(topics().webActivity(), lead, WebActivity.newBuilder().setEventId(UUID.randomUUID().toString())
          .setLeadId(lead).setType(FORM_SUBMIT).setFormId("demo-request").setEventTime(NOW).build());
    }
  }

  @Test
  void explainsALeadGuardsTheApiWithATokenAndServesProbesAndMetrics() throws Exception {
    LeadscoreConfig config = broker().config("api").with(LeadscoreConfig.API_TOKEN, "s3cret");
    try (ScoringApp app = ScoringApp.start(config)) {
      assertThat(app.awaitRunning(WAIT)).isTrue();
      makeHotVp("ana");
      assertThat(broker().read(topics().leadScores(), "ana", 3, WAIT)).hasSize(3);
      int port = app.apiPort();

      HttpResponse<String> lead = get(port, "/api/leads/ana", "s3cret");
      assertThat(lead.statusCode()).as(lead.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(lead.body());
      assertThat(body.get("label").asText()).isEqualTo("B80");
      assertThat(body.get("stage").asText()).isEqualTo("hot");
      double sum = 0;
      for (JsonNode reason : body.get("reasons")) {
        sum += reason.get("points").asDouble();
      }
      assertThat(sum).as("the reasons add up to the score").isCloseTo(body.get("score").asDouble(), within(1e-9));
      assertThat(body.get("fitReasons").findValuesAsText("ruleId")).contains("vp", "target-industry");
      assertThat(body.get("stageChanges")).extracting(m -> m.get("from").asText() + ">" + m.get("to").asText())
          .as("newest first").containsExactly("warm>hot", "cold>warm");
      assertThat(body.get("salesStatus").get("status").asText()).isEqualTo("PROSPECT");

      broker().send(topics().crmOutcomes(), "ana", CrmOutcome.newBuilder().setLeadId("ana")
          .setOutcome(CrmOutcomeType.ACCEPTED).setRepId("ben").setReportedAt(NOW).build());
      assertThat(broker().read(topics().lifecycle(), "ana", 1, WAIT)).singleElement().satisfies(change -> {
        assertThat(change.getStatus()).isEqualTo(SalesStatus.SAL);
        assertThat(change.getPreviousStatus()).isEqualTo(SalesStatus.PROSPECT);
        assertThat(change.getRepId()).isEqualTo("ben");
      });
      JsonNode status = JSON.readTree(get(port, "/api/leads/ana", "s3cret").body()).get("salesStatus");
      assertThat(status.get("status").asText()).as("sales took up a lead that never qualified").isEqualTo("SAL");
      assertThat(status.get("cycle").asInt()).isEqualTo(1);
      assertThat(status.get("qualifiedAt").isNull()).isTrue();
      assertThat(status.get("timeInStatus")).extracting(t -> t.get("status").asText()).containsExactly("SAL");

      JsonNode feed = JSON.readTree(get(port, "/api/stage-changes?limit=500", "s3cret").body());
      assertThat(feed).filteredOn(m -> m.get("leadId").asText().equals("ana"))
          .extracting(m -> m.get("to").asText() + " " + m.get("score").asDouble())
          .as("the grade in the label depends on whether the profile was joined first, so only stage and score")
          .containsExactly("hot 80.0", "warm 40.0");
      assertThat(get(port, "/api/stage-changes?limit=0", "s3cret").statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(get(port, "/api/mqls", "s3cret").body()).isArray()).isTrue();
      HttpResponse<String> dashboard = get(port, "/", null);
      assertThat(dashboard.statusCode()).isEqualTo(200);
      assertThat(dashboard.body()).contains("<title>leadscore</title>").contains("dashboard.js");

      assertThat(get(port, "/api/leads/ana", null).statusCode()).isEqualTo(401);
      assertThat(get(port, "/api/leads/ana", "wrong").statusCode()).isEqualTo(401);
      assertThat(get(port, "/api/leads/nobody", "s3cret").statusCode()).isEqualTo(404);
      JsonNode rules = JSON.readTree(get(port, "/api/rules", "s3cret").body());
      assertThat(rules.get("version").asText()).isEqualTo("default-2026.11");
      assertThat(rules.at("/engagement/decay/halfLife").asText()).isEqualTo("PT720H");
      assertThat(rules.at("/engagement/rules/1/when/conditions/0/patterns/0").asText()).isEqualTo("/pricing*");
      assertThat(get(port, "/health", null).statusCode()).isEqualTo(200);
      assertThat(get(port, "/ready", null).statusCode()).isEqualTo(200);
      String metrics = get(port, "/metrics", null).body();
      assertThat(metrics).contains("kafka_stream_thread_").contains("kafka_stream_task_");
      assertThat(metricTotal(metrics, "kafka_stream_leadscore_events_scored_total")).isEqualTo(2.0);
      assertThat(metricTotal(metrics, "kafka_stream_leadscore_stage_changes_up_total"))
          .as("cold to warm to hot").isEqualTo(2.0);
      assertThat(metricTotal(metrics, "kafka_stream_leadscore_mqls_total")).isZero();
      long held = 0;
      for (JsonNode stage : JSON.readTree(get(port, "/api/distribution", "s3cret").body())) {
        for (JsonNode grade : stage) {
          held += grade.asLong();
        }
      }
      assertThat(metricTotal(metrics, "leadscore_leads")).as("leads in store").isEqualTo(held).isPositive();
      assertThat(metricTotal(metrics, "leadscore_leads{grade=\"B\",stage=\"hot\"}")).isGreaterThanOrEqualTo(1);
    }
  }

  /** The account once it has {@code leads} leads, as the instance at {@code port} answers for it. */
  private static JsonNode awaitAccount(int port, String domain, int leads) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      HttpResponse<String> response = get(port, "/api/accounts/" + domain, null);
      if (response.statusCode() == 200) {
        JsonNode account = JSON.readTree(response.body());
        if (account.get("leadCount").asInt() == leads || System.nanoTime() > deadline) {
          return account;
        }
      } else if (System.nanoTime() > deadline) {
        throw new AssertionError("no account " + domain + ": " + response.statusCode() + " " + response.body());
      }
      Thread.sleep(200);
    }
  }

  @Test
  void everyInstanceAnswersForEveryLeadThroughStreamsMetadata() throws Exception {
    try (ScoringApp first = ScoringApp.start(broker().config("pair").with("state.dir", broker().dir.resolve("p1")
        .toString()));
         ScoringApp second = ScoringApp.start(broker().config("pair").with("state.dir", broker().dir.resolve("p2")
             .toString()))) {
      assertThat(first.awaitRunning(WAIT)).isTrue();
      assertThat(second.awaitRunning(WAIT)).isTrue();
      awaitBothHoldTasks(first.streams(), second.streams());
      for (int i = 0; i < 6; i++) {
        makeHotVp("pair-" + i);
      }
      for (int i = 0; i < 6; i++) {
        assertThat(broker().read(topics().leadScores(), "pair-" + i, 3, WAIT)).hasSize(3);
      }
      for (ScoringApp app : new ScoringApp[] {first, second}) {
        for (int i = 0; i < 6; i++) {
          HttpResponse<String> lead = get(app.apiPort(), "/api/leads/pair-" + i, null);
          assertThat(lead.statusCode()).as(lead.body()).isEqualTo(200);
          assertThat(JSON.readTree(lead.body()).get("leadId").asText()).isEqualTo("pair-" + i);
        }
      }
      // An account whose leads both instances hold: either instance answers for it, with every lead explained.
      List<String> levels = List.of("VP", "DIRECTOR", "MANAGER", "INDIVIDUAL_CONTRIBUTOR");
      for (int i = 0; i < levels.size(); i++) {
        String lead = "initech-" + i;
        broker().send(topics().profiles(), lead, LeadProfile.newBuilder().setLeadId(lead).setJobLevel(levels.get(i))
            .setCompanyDomain("initech.com").setIndustry("Software").setUpdatedAt(NOW).build());
        broker().send(topics().webActivity(), lead, WebActivity.newBuilder().setEventId(UUID.randomUUID().toString())
            .setLeadId(lead).setType(FORM_SUBMIT).setFormId("demo-request").setEventTime(NOW).build());
      }
      for (int i = 0; i < levels.size(); i++) {
        assertThat(broker().read(topics().leadScores(), "initech-" + i, 2, WAIT)).hasSize(2);
      }
      JsonNode account = awaitAccount(first.apiPort(), "initech.com", levels.size());
      assertThat(account.get("engagementScore").asDouble()).as("four demo requests").isEqualTo(160);
      assertThat(account.get("rolesMissing")).isEmpty();
      assertThat(account.get("leads")).allSatisfy(lead -> assertThat(lead.at("/explanation/leadId").asText())
          .isEqualTo(lead.get("leadId").asText()));
      JsonNode accountFromSecond = awaitAccount(second.apiPort(), "INITECH.com", levels.size());
      assertThat(accountFromSecond.get("score")).as("evaluated now, by whichever instance holds it").isEqualTo(
          account.get("score"));
      assertThat(accountFromSecond.get("leads").findValuesAsText("leadId"))
          .isEqualTo(account.get("leads").findValuesAsText("leadId"));
      assertThat(get(first.apiPort(), "/api/accounts/nowhere.example", null).statusCode()).isEqualTo(404);

      // The topics also hold other tests' leads, so the check is that the totals add up, not a fixed number.
      JsonNode fromFirst = JSON.readTree(get(first.apiPort(), "/api/distribution", null).body());
      JsonNode fromSecond = JSON.readTree(get(second.apiPort(), "/api/distribution", null).body());
      long firstLocal = JSON.readTree(get(first.apiPort(), "/api/distribution?local=true", null).body())
          .at("/hot/B").asLong();
      long secondLocal = JSON.readTree(get(second.apiPort(), "/api/distribution?local=true", null).body())
          .at("/hot/B").asLong();
      assertThat(fromFirst).isEqualTo(fromSecond);
      JsonNode movesFromFirst = JSON.readTree(get(first.apiPort(), "/api/stage-changes?limit=500", null).body());
      JsonNode movesFromSecond = JSON.readTree(get(second.apiPort(), "/api/stage-changes?limit=500", null).body());
      assertThat(movesFromFirst).as("both instances gather the same feed").isEqualTo(movesFromSecond);
      for (int i = 0; i < 6; i++) {
        String lead = "pair-" + i;
        assertThat(movesFromFirst).filteredOn(m -> m.get("leadId").asText().equals(lead)).hasSize(2);
      }
      assertThat(fromFirst.at("/hot/B").asLong()).isGreaterThanOrEqualTo(6).isEqualTo(firstLocal + secondLocal);
      assertThat(firstLocal).as("each instance counts the leads it holds").isPositive();
      assertThat(secondLocal).isPositive();

      for (int i = 0; i < 3; i++) {
        makeMql("pair-mql-" + i);
      }
      for (int i = 0; i < 3; i++) {
        assertThat(broker().read(topics().lifecycle(), "pair-mql-" + i, 1, WAIT)).hasSize(1);
      }
      broker().send(topics().crmOutcomes(), "pair-mql-0", CrmOutcome.newBuilder().setLeadId("pair-mql-0")
          .setOutcome(CrmOutcomeType.ACCEPTED).setReportedAt(NOW).build());
      JsonNode all = awaitEffectiveness(first.apiPort(), row -> row.get("mqls").asLong() >= 3
          && row.at("/reached/SAL").asLong() >= 1);
      assertThat(awaitEffectiveness(second.apiPort(), row -> row.equals(all)))
          .as("both instances gather the same table").isEqualTo(all);
      long mqlsHeld = 0;
      for (ScoringApp app : new ScoringApp[] {first, second}) {
        for (JsonNode part : JSON.readTree(get(app.apiPort(), "/api/effectiveness/tallies", null).body())) {
          if (part.at("/cohort/dimension").asText().equals("all")) {
            mqlsHeld += part.at("/tally/reached/MQL").asLong();
          }
        }
      }
      assertThat(mqlsHeld).as("the instances' parts add up to the table").isEqualTo(all.get("mqls").asLong());
      List<String> csv = get(first.apiPort(), "/api/effectiveness?format=csv&dimension=all", null).body().lines()
          .toList();
      assertThat(csv.get(0)).startsWith("rules_version,dimension,value,mqls,sal,sql,won");
      List<String> expected = new ArrayList<>(List.of("default-2026.11", "all", "", all.get("mqls").asText()));
      List<String> statuses = List.of("SAL", "SQL", "WON", "LOST", "REJECTED", "RECYCLED");
      statuses.forEach(status -> expected.add(all.at("/reached/" + status).asText()));
      statuses.subList(0, 3).forEach(status -> expected.add(String.format(Locale.ROOT, "%.4f",
          all.at("/rate/" + status).asDouble())));
      statuses.forEach(status -> expected.add(all.at("/medianSecondsSinceQualified/" + status).asText("")));
      assertThat(csv).as("the CSV has the JSON's numbers").contains(String.join(",", expected));
      assertThat(get(first.apiPort(), "/api/effectiveness?dimension=color", null).statusCode()).isEqualTo(400);
    }
  }

  /** Three demo requests of a VP: 120 points, grade B, an MQL under the default rules. */
  private static void makeMql(String lead) {
    broker().send(topics().profiles(), lead, LeadProfile.newBuilder().setLeadId(lead).setJobLevel("VP")
        .setUpdatedAt(NOW).build());
    for (int i = 0; i < 3; i++) {
      broker().send(topics().webActivity(), lead, WebActivity.newBuilder().setEventId(UUID.randomUUID().toString())
          .setLeadId(lead).setType(FORM_SUBMIT).setFormId("demo-request").setEventTime(NOW).build());
    }
  }

  /** The default rules' row of all MQLs, once it satisfies {@code ready}: counts pass a repartition on their way. */
  private static JsonNode awaitEffectiveness(int port, Predicate<JsonNode> ready) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode row = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = get(port, "/api/effectiveness?dimension=all&rulesVersion=default-2026.11",
          null);
      if (response.statusCode() == 200) {
        JsonNode rows = JSON.readTree(response.body()).get("rows");
        row = rows.isEmpty() ? null : rows.get(0);
        if (row != null && ready.test(row)) {
          return row;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("effectiveness never got there; last row: " + row);
  }

  private static void awaitBothHoldTasks(KafkaStreams a, KafkaStreams b) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      boolean running = a.state() == KafkaStreams.State.RUNNING && b.state() == KafkaStreams.State.RUNNING;
      if (running && !a.metadataForLocalThreads().iterator().next().activeTasks().isEmpty()
          && !b.metadataForLocalThreads().iterator().next().activeTasks().isEmpty()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the two instances did not share the tasks");
  }
}
