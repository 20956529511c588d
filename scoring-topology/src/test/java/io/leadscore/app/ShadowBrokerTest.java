package io.leadscore.app;

import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static io.leadscore.avro.WebActivityType.PAGE_VIEW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.RulesStatus;
import io.leadscore.avro.SalesRep;
import io.leadscore.avro.WebActivity;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import io.leadscore.serde.ApicurioRegistry;
import io.leadscore.serde.WireFormatAvroSerde;
import io.leadscore.topology.LeadscoreTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A candidate rules version scored in the shadow of the live app on a real broker with a real registry: it reads the
 * same input from the start, writes only to its own topics, and routes nothing.
 */
class ShadowBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path LIVE_RULES = Path.of("src/test/resources/rules/routing.yaml");

  private static JsonNode getJson(int port, String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  void aCandidateScoresTheLiveInputIntoItsOwnTopicsAndLeavesSalesAlone() throws Exception {
    ApicurioRegistry registry = ApicurioRegistry.get();
    try (BrokerFixture broker = new BrokerFixture()) {
      LeadscoreConfig config = broker.config("live")
          .with(WireFormatAvroSerde.REGISTRY_URL_CONFIG, registry.url())
          .with(LeadscoreConfig.RULES_FILE, LIVE_RULES.toString());
      LeadscoreTopics topics = LeadscoreTopics.with(config.avroSerdes());
      // The candidate qualifies leads at 60 points, where the live rules want 100, and values the routing page more.
      String yaml = Files.readString(LIVE_RULES, StandardCharsets.UTF_8)
          .replace("version: routing-test", "version: lower-bar")
          .replace("{ id: mql, entry: 100,", "{ id: mql, entry: 60,")
          .replace("formId: demo-request }, points: 100", "formId: demo-request }, points: 70")
          .replace("path: \"/product/routing*\" }, points: 1 }", "path: \"/product/routing*\" }, points: 60 }");
      RulesCatalog catalog = new RulesCatalog(config);
      catalog.publish("lower-bar.yaml", yaml, "ops", "a lower bar", Instant.now());

      try (ScoringApp live = ScoringApp.start(config)) {
        assertThat(live.awaitRunning(WAIT)).isTrue();
        broker.send(topics.salesReps(), "ana", SalesRep.newBuilder().setRepId("ana").setName("Ana").setTeam("latam")
            .setWeight(1).build());
        for (String lead : List.of("lead-a", "lead-b", "lead-c")) {
          broker.send(topics.profiles(), lead, LeadProfile.newBuilder().setLeadId(lead).setJobLevel("VP")
              .setCountry("MX").setUpdatedAt(Instant.now()).build());
        }
        broker.send(topics.webActivity(), "lead-a", WebActivity.newBuilder().setEventId(UUID.randomUUID().toString())
            .setLeadId("lead-a").setType(FORM_SUBMIT).setFormId("demo-request").setEventTime(Instant.now()).build());
        broker.send(topics.webActivity(), "lead-c", WebActivity.newBuilder().setEventId(UUID.randomUUID().toString())
            .setLeadId("lead-c").setType(PAGE_VIEW).setUrl("https://example.com/product/routing")
            .setEventTime(Instant.now()).build());
        broker.sendRaw(LeadscoreTopics.WEB_ACTIVITY, "lead-b".getBytes(StandardCharsets.UTF_8),
            "not avro".getBytes(StandardCharsets.UTF_8));
        assertThat(broker.read(topics.mqlRouting(), "lead-a", 1, WAIT)).hasSize(1);

        ScoringRules candidate = RulesLoader.parse("lower-bar", catalog.versions().get("lower-bar").getYaml());
        catalog.shadowed(catalog.versions().get("lower-bar"), Instant.now());
        assertThat(catalog.versions().get("lower-bar").getStatus()).isEqualTo(RulesStatus.SHADOW);
        LeadscoreTopics shadow = topics.shadow("lower-bar");
        try (ScoringApp candidateApp = ScoringApp.startShadow(config, candidate, null)) {
          assertThat(candidateApp.awaitRunning(WAIT)).isTrue();
          assertThat(candidateApp.apiPort()).as("a shadow serves no API").isEqualTo(-1);

          List<LeadScore> scores = broker.read(shadow.leadScores(), "lead-a", 2, WAIT);
          assertThat(scores).last().satisfies(score -> {
            assertThat(score.getRulesVersion()).isEqualTo("lower-bar");
            assertThat(score.getEngagementScore()).isEqualTo(70.0);
            assertThat(score.getStage()).isEqualTo("mql");
          });
          assertThat(broker.read(shadow.mql(), "lead-a", 1, WAIT)).extracting(MqlEntry::getLeadId)
              .containsExactly("lead-a");
          assertThat(broker.readRaw(shadow.deadLetters().name(), "lead-b", 1, WAIT))
              .as("the candidate's own dead letters").hasSize(1);

          assertThat(broker.read(topics.leadScores(), "lead-a", 2, WAIT)).extracting(LeadScore::getRulesVersion)
              .as("the live topic has the live rules' scores only").containsOnly("routing-test");
          assertThat(broker.readRaw(topics.deadLetters().name(), "lead-b", 1, WAIT)).hasSize(1);
          List<MqlRouting> routings = broker.read(topics.mqlRouting(), null, 1, Duration.ofSeconds(3));
          assertThat(routings).as("the shadow routes nothing").extracting(MqlRouting::getLeadId)
              .containsExactly("lead-a");
          assertThat(broker.read(shadow.leadScores(), "lead-c", 2, WAIT)).last()
              .satisfies(score -> assertThat(score.getStage()).isEqualTo("mql"));

          StringWriter out = new StringWriter();
          CommandLine compare = LeadscoreCli.commandLine();
          compare.setOut(new PrintWriter(out, true));
          assertThat(compare.execute("rules", "compare", "lower-bar", "--top", "2",
              "--set", "bootstrap.servers=" + broker.kafka.bootstrapServers(),
              "--set", "schema.registry.url=" + registry.url())).isZero();
          assertThat(out.toString())
              .contains("live against lower-bar: 3 leads scored by both (0 live only, 0 by the candidate only)")
              .contains("moved up 1, down 0, same stage 2")
              .contains("MQLs gained 1 (lead-c), lost 0")
              .as("leads per stage and grade, A to D").containsPattern("\nlead +0 -> 0 +2 -> 1 +0 -> 0 +0 -> 0\n")
              .containsPattern("\nmql +0 -> 0 +1 -> 2 +0 -> 0 +0 -> 0\n")
              .contains("lead-c  B1 lead -> B60 mql\n    live: routing-page +1\n    lower-bar: routing-page +60\n"
                  + "lead-a  B100 mql -> B70 mql");

          // The API and the dashboard show the same comparison.
          JsonNode versions = getJson(live.apiPort(), "/api/shadow");
          assertThat(versions.get("versions")).extracting(JsonNode::asText).containsExactly("lower-bar");
          JsonNode report = getJson(live.apiPort(), "/api/shadow/lower-bar?top=2");
          assertThat(report.get("compared").asLong()).isEqualTo(3);
          assertThat(report.get("up").asLong()).isEqualTo(1);
          assertThat(report.get("mqlsGained").get("leads")).extracting(JsonNode::asText).containsExactly("lead-c");
          assertThat(report.get("mqlsLost").get("count").asInt()).isZero();
          assertThat(report.get("stages")).filteredOn(row -> row.get("stage").asText().equals("mql"))
              .singleElement().satisfies(row -> {
                assertThat(row.get("live").get("B").asLong()).isEqualTo(1);
                assertThat(row.get("candidate").get("B").asLong()).isEqualTo(2);
              });
          assertThat(report.get("largest")).hasSize(2).first().satisfies(difference -> {
            assertThat(difference.get("leadId").asText()).isEqualTo("lead-c");
            assertThat(difference.get("live").get("label").asText()).isEqualTo("B1");
            assertThat(difference.get("candidate").get("reasons")).extracting(JsonNode::asText)
                .containsExactly("routing-page +60");
          });
          assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + live.apiPort()
              + "/api/shadow/never-published")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
              .isEqualTo(404);

          try (Admin admin = Admin.create(config.clientSettings())) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).filteredOn(name -> name.startsWith("leadscore.shadow.lower-bar."))
                .containsExactlyInAnyOrder(
                "leadscore.shadow.lower-bar.lead-scores", "leadscore.shadow.lower-bar.stage-changes",
                "leadscore.shadow.lower-bar.mql", "leadscore.shadow.lower-bar.dlq",
                "leadscore.shadow.lower-bar.lifecycle", "leadscore.shadow.lower-bar.account-scores",
                "leadscore.shadow.lower-bar.account-stage-changes");
          }
        }
      }

      // A shadow started from a time scores the activity from then on, and knows every profile.
      Instant from = Instant.now();
      Thread.sleep(20);
      broker.send(topics.profiles(), "lead-e", LeadProfile.newBuilder().setLeadId("lead-e").setJobLevel("VP")
          .setCountry("MX").setUpdatedAt(Instant.now()).build());
      broker.send(topics.webActivity(), "lead-e", WebActivity.newBuilder().setEventId(UUID.randomUUID().toString())
          .setLeadId("lead-e").setType(PAGE_VIEW).setUrl("https://example.com/product/routing")
          .setEventTime(Instant.now()).build());
      catalog.publish("lower-bar-late.yaml", yaml.replace("version: lower-bar", "version: lower-bar-late"), "ops",
          null, Instant.now());
      ScoringRules late = RulesLoader.parse("lower-bar-late", catalog.versions().get("lower-bar-late").getYaml());
      LeadscoreTopics lateTopics = topics.shadow("lower-bar-late");
      try (ScoringApp lateApp = ScoringApp.startShadow(config, late, from)) {
        assertThat(lateApp.awaitRunning(WAIT)).isTrue();
        assertThat(broker.read(lateTopics.leadScores(), "lead-e", 2, WAIT)).last()
            .satisfies(score -> assertThat(score.getLabel()).isEqualTo("B60"));
        assertThat(broker.read(lateTopics.leadScores(), "lead-c", 1, WAIT)).extracting(LeadScore::getLabel)
            .as("its profile, but not its page view from before").containsExactly("B0");
      }

      StringWriter err = new StringWriter();
      CommandLine cli = LeadscoreCli.commandLine();
      cli.setErr(new PrintWriter(err, true));
      assertThat(cli.execute("shadow", "--version", "no-such-version",
          "--set", "bootstrap.servers=" + broker.kafka.bootstrapServers(),
          "--set", "schema.registry.url=" + registry.url())).isEqualTo(2);
      assertThat(err.toString()).contains("no rules version no-such-version on leadscore.rules");
    }
  }
}
