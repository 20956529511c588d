package io.leadscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.avro.AccountScore;
import io.leadscore.avro.AccountStageChange;
import io.leadscore.avro.ActionKind;
import io.leadscore.avro.Identification;
import io.leadscore.avro.LeadAction;
import io.leadscore.avro.LeadLifecycle;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.RoutingKind;
import io.leadscore.avro.SalesRep;
import io.leadscore.avro.SalesStatus;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import io.leadscore.serde.ApicurioRegistry;
import io.leadscore.serde.AvroSerdes;
import io.leadscore.serde.WireFormatAvroSerde;
import io.leadscore.topology.LeadscoreTopics;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the app as separate processes share the work, and are killed with SIGKILL while leads are scored
 * and routed: one after the second round of events; it is restarted at once, and while the group rebalances to take it
 * back and the MQLs of the third round are being routed, the other one is killed too, and restarted. Read committed,
 * every output must be exactly the expected one: stage changes, MQLs, routing decisions, stage actions (a campaign on
 * turning warm, a seller alerted on turning hot), sales statuses and lead scores, none missing, none twice, and the
 * routing rotation exactly as if nothing had happened. Anonymous visitors identified meanwhile credit their leads once, and every account moves up once.
 *
 * <p>Records of different topics with equal timestamps have no order in Kafka Streams, so the profiles are scored
 * first and every activity goes to one topic, where a lead's events keep their order.
 */
class ExactlyOnceCrashTest {

  private static final int LEADS = 120;
  /** Anonymous visitors, each with two page views, identified as leads of their own while the instances crash. */
  private static final int VISITORS = 40;
  private static final int ACCOUNTS = LEADS / 4;
  private static final List<String> REPS = List.of("rep-a", "rep-b", "rep-c");
  private static final String APP_ID = "crash-test";
  private static final Instant NOW = Instant.now();
  private static final List<String> EXPECTED_STAGES = List.of("warm", "hot", "mql");
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void instancesKilledMidStreamAndDuringARebalanceLoseNothingAndDuplicateNothing() throws Exception {
    ApicurioRegistry registry = ApicurioRegistry.get();
    try (BrokerFixture broker = new BrokerFixture()) {
      LeadscoreConfig config = broker.config(APP_ID)
          .with(WireFormatAvroSerde.REGISTRY_URL_CONFIG, registry.url())
          .with(LeadscoreConfig.PARTITIONS, "4");
      LeadscoreTopics topics = LeadscoreTopics.with(new AvroSerdes(WireFormatAvroSerde.class.getName(),
          config.clientSettings()));
      try (Admin admin = Admin.create(config.clientSettings())) {
        new TopicProvisioner(admin).ensureTopics(4, (short) 1);
      }
      Process first = startInstance(broker, registry, 1);
      Process second = startInstance(broker, registry, 2);
      try {
        awaitMembers(config, 2);
        for (String rep : REPS) {
          broker.send(topics.salesReps(), rep, SalesRep.newBuilder().setRepId(rep).setName("Rep " + rep)
              .setTeam("inside-sales").build());
        }
        // Sent first, so that they are kept and committed before the identifications come, on another topic.
        for (int v = 0; v < VISITORS; v++) {
          for (int view = 0; view < 2; view++) {
            broker.send(topics.webActivity(), visitor(v), WebActivity.newBuilder()
                .setEventId(visitor(v) + "-" + view).setVisitorId(visitor(v)).setEventTime(NOW)
                .setType(WebActivityType.PAGE_VIEW).setUrl("https://example.com/blog/" + view).build());
          }
        }
        for (int i = 0; i < LEADS; i++) {
          String lead = lead(i);
          broker.send(topics.profiles(), lead, LeadProfile.newBuilder().setLeadId(lead).setJobLevel("VP")
              .setIndustry("Software").setCompanyDomain(account(i)).setUpdatedAt(NOW).build());
        }
        assertThat(broker.read(topics.leadScores(), null, LEADS, WAIT)).hasSize(LEADS);
        // Each lead: a demo request (40, warm), a video (70, hot), a second video (100, MQL, routed).
        for (int step = 0; step < 2; step++) {
          for (int i = 0; i < LEADS; i++) {
            sendStep(broker, topics, lead(i), step);
          }
        }
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        first = startInstance(broker, registry, 1);
        for (int i = 0; i < LEADS; i++) {
          sendStep(broker, topics, lead(i), 2);
          if (i % 3 == 0) {
            int v = i / 3;
            broker.send(topics.identities(), visitor(v), Identification.newBuilder().setVisitorId(visitor(v))
                .setLeadId(identified(v)).setIdentifiedAt(NOW).build());
          }
          if (i == LEADS / 2) {
            awaitRebalancing(config);
            second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            second = startInstance(broker, registry, 2);
          }
        }

        List<StageChange> changes = broker.read(topics.stageChanges(), null, LEADS * 3, WAIT);
        Map<String, List<String>> stagesByLead = changes.stream().collect(Collectors.groupingBy(
            StageChange::getLeadId, Collectors.mapping(StageChange::getToStage, Collectors.toList())));
        assertThat(stagesByLead).hasSize(LEADS);
        assertThat(stagesByLead).allSatisfy((lead, stages) -> assertThat(stages).as(lead)
            .containsExactlyElementsOf(EXPECTED_STAGES));

        List<MqlEntry> mqls = broker.read(topics.mql(), null, LEADS, WAIT);
        assertThat(mqls).hasSize(LEADS);
        assertThat(mqls.stream().map(MqlEntry::getLeadId).distinct()).hasSize(LEADS);
        assertThat(mqls).allSatisfy(m -> assertThat(m.getSnapshot().getLabel()).isEqualTo("B100"));

        List<MqlRouting> routings = broker.read(topics.mqlRouting(), null, LEADS, WAIT);
        assertThat(routings).hasSize(LEADS);
        assertThat(routings.stream().map(MqlRouting::getLeadId).distinct()).hasSize(LEADS);
        assertThat(routings).allSatisfy(r -> assertThat(r.getKind()).isEqualTo(RoutingKind.ASSIGNED));
        assertThat(routings.stream().collect(Collectors.groupingBy(MqlRouting::getRepId, Collectors.counting())))
            .as("the rotation, replayed after each crash, gives each rep an equal share exactly")
            .containsOnly(Map.entry("rep-a", 40L), Map.entry("rep-b", 40L), Map.entry("rep-c", 40L));

        // Turning warm starts the default rules' campaign; turning hot alerts a seller, through the routing task.
        List<LeadAction> actions = broker.read(topics.actions(), null, LEADS * 2, WAIT);
        Map<String, List<String>> actionsByLead = actions.stream().collect(Collectors.groupingBy(
            LeadAction::getLeadId, Collectors.mapping(a -> a.getKind() + " " + a.getStage() + " "
                + (a.getKind() == ActionKind.ALERT ? a.getTeam() : a.getCampaign()), Collectors.toList())));
        assertThat(actionsByLead).hasSize(LEADS).allSatisfy((lead, done) -> assertThat(done).as(lead)
            .containsExactlyInAnyOrder("CAMPAIGN warm warm-offer", "ALERT hot inside-sales"));

        List<LeadLifecycle> statuses = broker.read(topics.lifecycle(), null, LEADS, WAIT);
        assertThat(statuses).hasSize(LEADS).allSatisfy(status -> assertThat(status.getStatus())
            .isEqualTo(SalesStatus.MQL));
        assertThat(statuses.stream().map(LeadLifecycle::getLeadId).distinct()).hasSize(LEADS);

        // Four leads an account, each ending at 100 points: every account moves up once, to engaged (a buying group
        // of VPs alone covers one role in three: no MQA), and its latest score has its four leads' 400 points.
        List<AccountStageChange> accountChanges = broker.read(topics.accountStageChanges(), null, ACCOUNTS, WAIT);
        assertThat(accountChanges).hasSize(ACCOUNTS).allSatisfy(change -> assertThat(change.getFromStage() + ">"
            + change.getToStage()).isEqualTo("unaware>engaged"));
        assertThat(accountChanges.stream().map(AccountStageChange::getDomain).distinct()).hasSize(ACCOUNTS);
        // An account's score is published on a schedule, so its last one may come after the stage change.
        Map<String, AccountScore> accounts = latestByDomain(broker.readUntil(topics.accountScores(),
            published -> latestByDomain(published).values().stream().filter(a -> a.getEngagementScore() == 400)
                .count() == ACCOUNTS, WAIT));
        assertThat(accounts).hasSize(ACCOUNTS).allSatisfy((domain, account) -> {
          assertThat(account.getLeadCount()).as(domain).isEqualTo(4);
          assertThat(account.getEngagementScore()).as(domain).isEqualTo(400);
        });

        List<LeadScore> scores = broker.read(topics.leadScores(), null, LEADS * 4 + VISITORS, WAIT);
        Map<String, List<Double>> scoresByLead = scores.stream().collect(Collectors.groupingBy(
            LeadScore::getLeadId, Collectors.mapping(LeadScore::getEngagementScore, Collectors.toList())));
        assertThat(scoresByLead).hasSize(LEADS + VISITORS);
        assertThat(scoresByLead).allSatisfy((lead, engagement) -> assertThat(engagement).as(lead)
            .containsExactlyElementsOf(lead.startsWith("lead-") ? List.of(0.0, 40.0, 70.0, 100.0)
                // Each identification credits the visitor's two views once: one score, with both.
                : List.of(10.0)));
        assertThat(scoresByLead.keySet()).filteredOn(lead -> lead.startsWith("identified-")).hasSize(VISITORS);
      } finally {
        first.destroyForcibly();
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static Map<String, AccountScore> latestByDomain(List<AccountScore> published) {
    Map<String, AccountScore> latest = new HashMap<>();
    published.forEach(account -> latest.put(account.getDomain(), account));
    return latest;
  }

  private static String lead(int i) {
    return String.format("lead-%03d", i);
  }

  private static String account(int i) {
    return String.format("account-%02d.example", i / 4);
  }

  private static String visitor(int v) {
    return String.format("visitor-%03d", v);
  }

  private static String identified(int v) {
    return String.format("identified-%03d", v);
  }

  /** Waits until the group is rebalancing, as it does once the restarted instance asks to join. */
  private static void awaitRebalancing(LeadscoreConfig config) throws Exception {
    try (Admin admin = Admin.create(config.clientSettings())) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(APP_ID)).all().get().get(APP_ID);
        if (group.groupState() == GroupState.PREPARING_REBALANCE
            || group.groupState() == GroupState.COMPLETING_REBALANCE) {
          return;
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the group did not rebalance after an instance restarted");
  }

  private static void sendStep(BrokerFixture broker, LeadscoreTopics topics, String lead, int step) {
    WebActivity.Builder event = WebActivity.newBuilder().setEventId(lead + "-" + step).setLeadId(lead)
        .setEventTime(NOW);
    broker.send(topics.webActivity(), lead, step == 0
        ? event.setType(WebActivityType.FORM_SUBMIT).setFormId("demo-request").build()
        : event.setType(WebActivityType.VIDEO_WATCHED).setContentId("video-" + step).build());
  }

  private static Process startInstance(BrokerFixture broker, ApicurioRegistry registry, int n) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = Path.of("target", "crash-instance-" + n + "-" + System.nanoTime() + ".log");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", classpath,
        LeadscoreCli.class.getName(), "run"));
    Map<String, String> settings = Map.ofEntries(
        Map.entry("bootstrap.servers", broker.kafka.bootstrapServers()),
        Map.entry("schema.registry.url", registry.url()),
        Map.entry("application.id", APP_ID),
        Map.entry("state.dir", broker.dir.resolve("state-" + n).toString()),
        Map.entry("commit.interval.ms", "100"),
        Map.entry("session.timeout.ms", "6000"),
        Map.entry("heartbeat.interval.ms", "1000"),
        Map.entry(LeadscoreConfig.PARTITIONS, "4"),
        Map.entry(LeadscoreConfig.REPLICATION_FACTOR, "1"),
        Map.entry(LeadscoreConfig.API_HOST, "127.0.0.1"),
        Map.entry(LeadscoreConfig.API_PORT, "0"));
    settings.forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .directory(new File(".")).start();
  }

  private static void awaitMembers(LeadscoreConfig config, int members) throws Exception {
    try (Admin admin = Admin.create(config.clientSettings())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < deadline) {
        try {
          ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(APP_ID)).all().get().get(APP_ID);
          if (group.members().size() == members && group.groupState() == GroupState.STABLE) {
            return;
          }
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof GroupIdNotFoundException)) {
            throw e;
          }
        }
        Thread.sleep(500);
      }
    }
    throw new AssertionError("the two instances did not join one group; see target/crash-instance-*.log");
  }
}
