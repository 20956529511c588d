package io.leadscore.app;

import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.CrmOutcomeType;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.SalesRep;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebinarActivity;
import io.leadscore.avro.WebinarActivityType;
import io.leadscore.serde.ApicurioRegistry;
import io.leadscore.serde.WireFormatAvroSerde;
import io.leadscore.topology.LeadscoreTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRM end of the pipeline, end to end: the app routes MQLs, alerts sellers and scores leads onto the Avro topics
 * through a real registry, and a real Kafka Connect worker with Debezium's JDBC sink writes them into PostgreSQL, using
 * the connector configurations shipped in {@code deploy/connect}: MQL assignments upserted by lead id, CRM tasks from
 * stage actions, the latest score of each lead, and every stage change.
 */
class CrmSinkTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path CONNECTORS = Path.of("../deploy/connect");
  private static final String COLUMNS = "lead_id, kind, team, rep_id, rep_name, routing_rule, attempt, label, grade, "
      + "stage, first_name, company, country, reasons, (extract(epoch from routed_at) * 1000)::bigint";

  @Test
  void routedMqlsAreUpsertedIntoTheCrmTableByLeadId() throws Exception {
    Path postgresBin = assumePostgres();
    ApicurioRegistry registry = ApicurioRegistry.get();
    try (BrokerFixture broker = new BrokerFixture();
         PostgresServer postgres = PostgresServer.start(postgresBin, "crm")) {
      LeadscoreConfig config = broker.config("crm")
          .with(WireFormatAvroSerde.REGISTRY_URL_CONFIG, registry.url())
          .with(LeadscoreConfig.RULES_FILE, "src/test/resources/rules/crm.yaml");
      LeadscoreTopics topics = LeadscoreTopics.with(config.avroSerdes());
      try (ScoringApp app = ScoringApp.start(config)) {
        assertThat(app.awaitRunning(WAIT)).isTrue();
        for (String rep : List.of("ana", "ben")) {
          broker.send(topics.salesReps(), rep, SalesRep.newBuilder().setRepId(rep).setName("Rep " + rep)
              .setTeam("latam").setWeight(1).setAccounts(rep.equals("ana") ? List.of("acme.mx") : List.of()).build());
        }
        qualify(broker, topics, "lead-1", "Lucía", "Acme MX");
        List<MqlRouting> first = broker.read(topics.mqlRouting(), "lead-1", 1, WAIT);
        qualify(broker, topics, "lead-2", "Mateo", "Globex");
        assertThat(broker.read(topics.mqlRouting(), "lead-2", 1, WAIT)).hasSize(1);

        Map<String, String> worker = Map.of(
            "bootstrap.servers", broker.kafka.bootstrapServers(),
            // The app writes in transactions: a CRM must never see a routing that was rolled back.
            "consumer.isolation.level", "read_committed",
            "offset.flush.interval.ms", "1000",
            "key.converter", "org.apache.kafka.connect.storage.StringConverter",
            "value.converter", "io.apicurio.registry.utils.converter.AvroConverter",
            "value.converter.apicurio.registry.url", registry.nativeApiUrl(),
            "value.converter.apicurio.registry.as-confluent", "true",
            "value.converter.apicurio.registry.use-id", "contentId",
            "value.converter.apicurio.registry.headers.enabled", "false");
        List<Path> connectors;
        try (Stream<Path> files = Files.list(CONNECTORS)) {
          connectors = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        try (ConnectWorker sink = ConnectWorker.start(broker.dir.resolve("connect"), worker, connectors, Map.of(
            "connection.url", postgres.jdbcUrl("crm"),
            "connection.username", PostgresServer.USER,
            "connection.password", ""))) {
          List<String> rows = awaitRows(postgres, sink, rows1 -> rows1.size() == 2);
          assertThat(rows).containsExactly(
              "lead-1|ASSIGNED|latam|ana|Rep ana|mexico|1|B100|B|mql|Lucía|Acme MX|MX|{\"demo-request (+100)\"}|"
                  + first.get(0).getRoutedAt().toEpochMilli(),
              rows.get(1));
          assertThat(rows.get(1)).startsWith("lead-2|ASSIGNED|latam|ben|Rep ben|mexico|1|B100|B|mql|Mateo|Globex|MX|");

          // Sales recycles lead-1, which requalifies and is routed again: its row is updated, not duplicated.
          broker.send(topics.crmOutcomes(), "lead-1", CrmOutcome.newBuilder().setLeadId("lead-1")
              .setOutcome(CrmOutcomeType.RECYCLED).setRepId("ana").setReportedAt(Instant.now()).build());
          List<StageChange> changes = broker.read(topics.stageChanges(), "lead-1", 2, WAIT);
          assertThat(changes).extracting(StageChange::getToStage).containsExactly("mql", "lead");
          sendDemoRequest(broker, topics, "lead-1");
          List<MqlRouting> routings = broker.read(topics.mqlRouting(), "lead-1", 2, WAIT);
          assertThat(routings).hasSize(2);
          long rerouted = routings.get(1).getRoutedAt().toEpochMilli();
          assertThat(rerouted).isGreaterThan(first.get(0).getRoutedAt().toEpochMilli());
          List<String> updated = awaitRows(postgres, sink, r -> r.get(0).endsWith("|" + rerouted));
          assertThat(updated).hasSize(2);
          assertThat(updated.get(1)).isEqualTo(rows.get(1));

          // lead-3 of acme.mx, which ana owns, turns hot: a CRM task for her.
          broker.send(topics.profiles(), "lead-3", LeadProfile.newBuilder().setLeadId("lead-3").setFirstName("Sofía")
              .setCompany("Acme MX").setCompanyDomain("acme.mx").setCountry("MX").setUpdatedAt(Instant.now()).build());
          broker.read(topics.leadScores(), "lead-3", 1, WAIT);
          broker.send(topics.webinarActivity(), "lead-3", WebinarActivity.newBuilder()
              .setEventId(UUID.randomUUID().toString()).setLeadId("lead-3").setType(WebinarActivityType.ATTENDED)
              .setEventTime(Instant.now()).build());
          assertThat(broker.read(topics.actions(), "lead-3", 1, WAIT)).singleElement()
              .satisfies(alert -> assertThat(alert.getRepId()).isEqualTo("ana"));
          assertThat(awaitTable(postgres, sink, "crm_tasks", "lead_id, kind, stage, from_stage, action, team, rep_id, "
              + "rep_name, assigned_by, label, first_name, company", rows3 -> !rows3.isEmpty()))
              .containsExactly("lead-3|ALERT|hot|lead|call the lead today|latam|ana|Rep ana|account-owner|D60|Sofía|"
                  + "Acme MX");

          assertThat(awaitTable(postgres, sink, "lead_scores", "lead_id, label, stage, qualified, rules_version",
              scores -> scores.size() == 3 && scores.get(2).contains("|hot|")))
              .as("the latest score of each lead").containsExactly(
                  "lead-1|B100|mql|t|crm-test", "lead-2|B100|mql|t|crm-test", "lead-3|D60|hot|f|crm-test");
          assertThat(awaitTable(postgres, sink, "stage_changes", "lead_id, from_stage, to_stage, direction, cause, "
              + "label", changes1 -> changes1.size() == 5))
              .as("every stage change, in order per lead").containsExactly(
                  "lead-1|lead|mql|UP|ACTIVITY|B100", "lead-1|mql|lead|DOWN|CRM|B0", "lead-1|lead|mql|UP|ACTIVITY|B100",
                  "lead-2|lead|mql|UP|ACTIVITY|B100", "lead-3|lead|hot|UP|ACTIVITY|D60");
        }
      }
    }
  }

  private static void qualify(BrokerFixture broker, LeadscoreTopics topics, String lead, String name,
      String company) {
    broker.send(topics.profiles(), lead, LeadProfile.newBuilder().setLeadId(lead).setFirstName(name)
        .setCompany(company).setJobLevel("VP").setCountry("MX").setUpdatedAt(Instant.now()).build());
    broker.read(topics.leadScores(), lead, 1, WAIT);
    sendDemoRequest(broker, topics, lead);
  }

  private static void sendDemoRequest(BrokerFixture broker, LeadscoreTopics topics, String lead) {
    broker.send(topics.webActivity(), lead, WebActivity.newBuilder().setEventId(UUID.randomUUID().toString())
        .setLeadId(lead).setType(FORM_SUBMIT).setFormId("demo-request").setEventTime(Instant.now()).build());
  }

  private static List<String> awaitRows(PostgresServer postgres, ConnectWorker sink,
      Predicate<List<String>> done) throws Exception {
    return awaitTable(postgres, sink, "mql_assignments", COLUMNS, rows -> !rows.isEmpty() && done.test(rows));
  }

  /** The rows of {@code table} (by lead id, then as written), once they satisfy {@code done}. */
  private static List<String> awaitTable(PostgresServer postgres, ConnectWorker sink, String table, String columns,
      Predicate<List<String>> done) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<String> rows = List.of();
    while (System.nanoTime() < deadline) {
      if (!postgres.psql("crm", "SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'").get(0)
          .equals("0")) {
        String order = postgres.psql("crm", "SELECT count(*) FROM information_schema.columns WHERE table_name = '"
            + table + "' AND column_name = '__connect_offset'").get(0).equals("0") ? "" : ", __connect_offset";
        rows = postgres.psql("crm", "SELECT " + columns + " FROM " + table + " ORDER BY lead_id" + order);
        if (done.test(rows)) {
          return rows;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the table " + table + " did not reach the expected rows; last " + rows + "\n"
        + sink.log());
  }

  /** CI installs Debian's PostgreSQL (.ci/run); a developer machine without it skips. */
  private static Path assumePostgres() {
    Optional<Path> bin = PostgresServer.binaries();
    if (System.getenv("CI") != null) {
      assertThat(bin).as("CI must have Debian's postgresql").isPresent();
    }
    assumeTrue(bin.isPresent(), "needs Debian's PostgreSQL: apt-get install postgresql");
    return bin.get();
  }
}
