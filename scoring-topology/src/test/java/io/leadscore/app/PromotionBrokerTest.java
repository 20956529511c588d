package io.leadscore.app;

import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static io.leadscore.avro.WebActivityType.PAGE_VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.RulesStatus;
import io.leadscore.avro.SalesRep;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.StageChangeCause;
import io.leadscore.avro.StageDirection;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import io.leadscore.serde.ApicurioRegistry;
import io.leadscore.serde.WireFormatAvroSerde;
import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.Topic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Promotion on a real broker with the real registry: the shadow of a candidate takes over from the live app, every
 * lead then has exactly the score and stage a fresh replay under the candidate gives, the leads whose stage differs
 * get one stage change each (cause RULES), MQLs are neither lost in routing nor announced twice, and rolling back is
 * the same promotion the other way.
 */
class PromotionBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Without decay, so that scores computed at different times compare exactly. */
  private static final String RULES = """
      version: %s
      engagement:
        decay: { type: none }
        rules:
          - { id: demo-request, on: web.form_submit, when: { formId: demo-request }, points: %d }
          - { id: pricing, on: web.page_view, when: { path: "/pricing*" }, points: %d }
          - { id: blog, on: web.page_view, when: { path: "/blog*" }, points: 10 }
      fit:
        grades: { A: 30, B: 20, C: 10 }
        rules:
          - { id: vp, when: { jobLevel: VP }, points: 25 }
      stages:
        levels:
          - { id: lead, action: nurture }
          - { id: warm, entry: 40, action: call soon }
          - { id: mql, entry: 100, qualified: true, action: route to sales }
      routing:
        sla: 4h
        fallbackQueue: mql-queue
        teams: { latam: weighted }
        rules:
          - { id: mexico, description: Mexico goes to LATAM, when: { country: MX }, team: latam }
      lifecycle:
        rejected: { stage: lead, keepEngagement: 0.5 }
        recycled: { stage: lead, keepEngagement: 0 }
        customerStage: customer
      """;
  /** Demo requests qualify; pricing is warm. */
  private static final String OLD = RULES.formatted("promo-a", 100, 40);
  /** Pricing qualifies; a demo request alone is warm. */
  private static final String NEW = RULES.formatted("promo-b", 70, 100);

  private BrokerFixture broker;
  private LeadscoreConfig config;
  private LeadscoreTopics topics;

  @Test
  void thePromotedShadowTakesOverAndEveryLeadIsWhatAReplayGives() throws Exception {
    ApicurioRegistry registry = ApicurioRegistry.get();
    try (BrokerFixture fixture = new BrokerFixture()) {
      broker = fixture;
      config = broker.config("promo")
          .with(WireFormatAvroSerde.REGISTRY_URL_CONFIG, registry.url())
          .with(LeadscoreConfig.RULES_FILE, rulesFile(OLD).toString())
          .with(LeadscoreConfig.RULES_CATALOG, "true");
      topics = LeadscoreTopics.with(config.avroSerdes());
      RulesCatalog catalog = new RulesCatalog(config);
      catalog.publish("promo-a.yaml", OLD, "ops", "the rules live first", Instant.now());
      catalog.publish("promo-b.yaml", NEW, "ops", "pricing qualifies", Instant.now());

      try (ScoringApp live = ScoringApp.start(config)) {
        assertThat(live.awaitRunning(WAIT)).isTrue();
        broker.send(topics.salesReps(), "ana", SalesRep.newBuilder().setRepId("ana").setName("Ana")
            .setTeam("latam").setWeight(1).build());
        for (String lead : List.of("lead-demo", "lead-pricing", "lead-both", "lead-blog")) {
          broker.send(topics.profiles(), lead, LeadProfile.newBuilder().setLeadId(lead).setJobLevel("VP")
              .setCountry("MX").setUpdatedAt(Instant.now()).build());
        }
        web("lead-demo", FORM_SUBMIT, "demo-request");
        web("lead-pricing", PAGE_VIEW, "/pricing");
        web("lead-both", FORM_SUBMIT, "demo-request");
        web("lead-both", PAGE_VIEW, "/pricing");
        web("lead-blog", PAGE_VIEW, "/blog/1");
        assertThat(broker.read(topics.mqlRouting(), null, 2, WAIT)).extracting(MqlRouting::getLeadId)
            .containsExactlyInAnyOrder("lead-demo", "lead-both");
        awaitScores(topics.leadScores(), 4, "promo-a");

        shadow(NEW);
      }
      int changesBefore = broker.read(topics.stageChanges(), null, 100, Duration.ofSeconds(2)).size();
      int mqlsBefore = broker.read(topics.mql(), null, 100, Duration.ofSeconds(2)).size();

      assertThat(promote("promo-b"))
          .contains("promoted promo-b: promo-rules-promo-b takes over from promo\n")
          .contains("4 leads handed over: 2 change stage, MQLs gained 1, lost 1")
          .contains("it runs promo-b as promo-rules-promo-b");
      assertThat(catalog.versions().get("promo-b").getStatus()).isEqualTo(RulesStatus.ACTIVE);

      try (ScoringApp live = ScoringApp.start(config)) {
        assertThat(live.awaitRunning(WAIT)).isTrue();
        awaitScores(topics.leadScores(), 4, "promo-b");
        assertThat(rulesChanges(changesBefore + 2))
            .extracting(StageChange::getLeadId, StageChange::getFromStage, StageChange::getToStage,
                StageChange::getDirection)
            .containsExactlyInAnyOrder(
                tuple("lead-demo", "mql", "warm", StageDirection.DOWN),
                tuple("lead-pricing", "warm", "mql", StageDirection.UP));
        assertThat(broker.read(topics.stageChanges(), null, changesBefore + 3, Duration.ofSeconds(3)))
            .as("one stage change per lead whose stage differs, none for the others").hasSize(changesBefore + 2);
        assertThat(broker.read(topics.mql(), null, mqlsBefore + 2, Duration.ofSeconds(5)))
            .as("lead-both was an MQL already: not announced again").hasSize(mqlsBefore + 1)
            .filteredOn(mql -> mql.getCause() == StageChangeCause.RULES).extracting(MqlEntry::getLeadId)
            .containsExactly("lead-pricing");
        assertThat(broker.read(topics.mqlRouting(), null, 4, Duration.ofSeconds(5)))
            .as("routed once each, by the routing state the promoted app took over")
            .extracting(MqlRouting::getLeadId).containsExactlyInAnyOrder("lead-demo", "lead-both", "lead-pricing");

        web("lead-blog", PAGE_VIEW, "/blog/2");
        web("lead-new", PAGE_VIEW, "/pricing");
        awaitScores(topics.leadScores(), 5, "promo-b");
      }
      assertIdenticalToAReplay(NEW, "promo-b");

      // Rolling back: the rules before, scored in the shadow again, promoted again.
      shadow(OLD);
      assertThat(promote("promo-a")).contains("promoted promo-a (after promo-b)")
          .contains("5 leads handed over: 3 change stage, MQLs gained 1, lost 2");
      int changesBeforeRollback = broker.read(topics.stageChanges(), null, 100, Duration.ofSeconds(2)).size();
      try (ScoringApp live = ScoringApp.start(config)) {
        assertThat(live.awaitRunning(WAIT)).isTrue();
        awaitScores(topics.leadScores(), 5, "promo-a");
        assertThat(rulesChanges(changesBeforeRollback + 3)).hasSize(5)
            .extracting(StageChange::getLeadId, StageChange::getToStage)
            .contains(tuple("lead-demo", "mql"), tuple("lead-pricing", "warm"), tuple("lead-new", "warm"));
      }
      assertThat(catalog.versions()).extractingByKeys("promo-a", "promo-b").extracting(v -> v.getStatus())
          .containsExactly(RulesStatus.ACTIVE, RulesStatus.RETIRED);
      assertIdenticalToAReplay(OLD, "promo-a");
    }
  }

  /** The stage changes with cause RULES, once {@code total} stage changes have been published. */
  private List<StageChange> rulesChanges(int total) {
    return broker.read(topics.stageChanges(), null, total, WAIT).stream()
        .filter(change -> change.getCause() == StageChangeCause.RULES).toList();
  }

  /** Scores {@code yaml} in the shadow until it has scored every lead the live topic has. */
  private void shadow(String yaml) throws Exception {
    ScoringRules rules = RulesLoader.parse("shadow", yaml);
    RulesCatalog catalog = new RulesCatalog(config);
    catalog.shadowed(catalog.versions().get(rules.version()), Instant.now());
    int leads = LatestValues.read(config, topics.leadScores(), WAIT).size();
    try (ScoringApp shadow = ScoringApp.startShadow(config, rules, null)) {
      assertThat(shadow.awaitRunning(WAIT)).isTrue();
      awaitScores(topics.shadow(rules.version()).leadScores(), leads, rules.version());
    }
  }

  private String promote(String version) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LeadscoreCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute("rules", "promote", version,
        "--set", "bootstrap.servers=" + broker.kafka.bootstrapServers(),
        "--set", "schema.registry.url=" + config.get(WireFormatAvroSerde.REGISTRY_URL_CONFIG),
        "--set", "application.id=promo");
    assertThat(exit).as("promote %s: %s", version, err).isZero();
    return out.toString();
  }

  /**
   * A new application replays the retained input under the same rules (renamed, so that its outputs are its own):
   * every lead's score, grade and stage must be those the live topic holds.
   */
  private void assertIdenticalToAReplay(String yaml, String version) throws Exception {
    String replayVersion = version + "-replay-" + UUID.randomUUID().toString().substring(0, 8);
    ScoringRules rules = RulesLoader.parse("replay", yaml.replace("version: " + version,
        "version: " + replayVersion));
    Map<String, String> live = standings(LatestValues.read(config, topics.leadScores(), WAIT));
    LeadscoreConfig fresh = config.with(StreamsConfig.APPLICATION_ID_CONFIG, "fresh-" + replayVersion);
    try (ScoringApp replay = ScoringApp.startShadow(fresh, rules, null)) {
      assertThat(replay.awaitRunning(WAIT)).isTrue();
      Topic<String, LeadScore> replayed = topics.shadow(replayVersion).leadScores();
      long deadline = System.nanoTime() + WAIT.toNanos();
      Map<String, String> again = Map.of();
      while (System.nanoTime() < deadline && !again.equals(live)) {
        again = standings(LatestValues.read(config, replayed, WAIT));
        Thread.sleep(250);
      }
      assertThat(again).as("a fresh replay under %s", version).isEqualTo(live);
    }
  }

  private static Map<String, String> standings(Map<String, LeadScore> scores) {
    return scores.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> e.getValue().getScore() + " " + e.getValue().getGrade() + " " + e.getValue().getStage(),
        (a, b) -> b, TreeMap::new));
  }

  private void awaitScores(Topic<String, LeadScore> topic, int leads, String version) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Function<Map<String, LeadScore>, Boolean> done = scores -> scores.size() >= leads
        && scores.values().stream().allMatch(s -> s.getRulesVersion().equals(version));
    Map<String, LeadScore> scores = Map.of();
    while (System.nanoTime() < deadline && !done.apply(scores)) {
      scores = LatestValues.read(config, topic, WAIT);
      Thread.sleep(250);
    }
    assertThat(scores.values()).as("scores on %s", topic.name()).hasSizeGreaterThanOrEqualTo(leads)
        .extracting(LeadScore::getRulesVersion).containsOnly(version);
  }

  private void web(String lead, WebActivityType type, String detail) {
    WebActivity.Builder event = WebActivity.newBuilder().setEventId(UUID.randomUUID().toString()).setLeadId(lead)
        .setType(type).setEventTime(Instant.now());
    if (type == FORM_SUBMIT) {
      event.setFormId(detail);
    } else {
      event.setUrl("https://example.com" + detail);
    }
    broker.send(topics.webActivity(), lead, event.build());
  }

  private Path rulesFile(String yaml) throws Exception {
    Path file = broker.dir.resolve("rules-" + UUID.randomUUID() + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
