package io.leadscore.topology;

import io.leadscore.avro.AccountScore;
import io.leadscore.avro.AccountStageChange;
import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.EmailActivity;
import io.leadscore.avro.EmailActivityType;
import io.leadscore.avro.Identification;
import io.leadscore.avro.LeadAction;
import io.leadscore.avro.LeadLifecycle;
import io.leadscore.avro.LeadMerge;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.PromotedLead;
import io.leadscore.avro.SalesRep;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import io.leadscore.avro.WebinarActivity;
import io.leadscore.avro.WebinarActivityType;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import io.leadscore.serde.AvroSerdes;
import io.leadscore.serde.InMemorySchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The application's topology in a TopologyTestDriver, with in-memory stores and an in-memory schema registry. */
final class ScoringTestKit implements AutoCloseable {

  static final Instant START = Instant.parse("2026-11-02T09:00:00Z");
  private static final String APPLICATION_ID = "leadscore-test";

  final ScoringRules rules;
  final LeadscoreTopics topics;
  final TopologyTestDriver driver;
  private final String registryScope = "test-" + UUID.randomUUID();
  private final AtomicInteger eventIds = new AtomicInteger();
  private final TestInputTopic<String, WebActivity> web;
  private final TestInputTopic<String, EmailActivity> email;
  private final TestInputTopic<String, WebinarActivity> webinar;
  private final TestInputTopic<String, LeadProfile> profiles;
  private final TestOutputTopic<String, LeadScore> scores;
  private final TestOutputTopic<String, StageChange> stageChanges;
  private final TestOutputTopic<String, MqlEntry> mql;
  private final TestOutputTopic<byte[], byte[]> deadLetters;
  private final TestInputTopic<String, SalesRep> salesReps;
  private final TestInputTopic<String, CrmOutcome> crmOutcomes;
  private final TestOutputTopic<String, MqlRouting> mqlRouting;
  private final TestOutputTopic<String, LeadLifecycle> lifecycle;
  private final TestOutputTopic<String, LeadAction> actions;
  private final TestInputTopic<String, PromotedLead> promotions;
  private final TestInputTopic<String, Identification> identities;
  private final TestInputTopic<String, LeadMerge> leadMerges;
  private final TestOutputTopic<String, AccountScore> accountScores;
  private final TestOutputTopic<String, AccountStageChange> accountStageChanges;

  ScoringTestKit(ScoringRules rules) {
    this(rules, Deployment.LIVE);
  }

  ScoringTestKit(ScoringRules rules, Deployment deployment) {
    this.rules = rules;
    this.topics = LeadscoreTopics.with(AvroSerdes.inMemory(registryScope));
    Properties props = StreamsDefaults.properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, "target/kafka-streams-test");
    // Under exactly_once_v2 the driver's mock producer drops the dead letters that deserialization failures send
    // outside any record's processing; the topology is the same either way, and broker tests run exactly-once.
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    this.driver = new TopologyTestDriver(ScoringTopology.buildTopology(rules, topics, StoreKind.IN_MEMORY,
        deployment), props, START);
    web = input(topics.webActivity());
    email = input(topics.emailActivity());
    webinar = input(topics.webinarActivity());
    profiles = input(topics.profiles());
    scores = output(topics.leadScores());
    stageChanges = output(topics.stageChanges());
    mql = output(topics.mql());
    deadLetters = output(topics.deadLetters());
    salesReps = input(topics.salesReps());
    crmOutcomes = input(topics.crmOutcomes());
    mqlRouting = output(topics.mqlRouting());
    lifecycle = output(topics.lifecycle());
    actions = output(topics.actions());
    promotions = input(topics.promotions());
    identities = input(topics.identities());
    leadMerges = input(topics.leadMerges());
    accountScores = output(topics.accountScores());
    accountStageChanges = output(topics.accountStageChanges());
  }

  static ScoringTestKit withDefaultRules() {
    return new ScoringTestKit(RulesLoader.loadDefault());
  }

  static ScoringTestKit withRules(String resource) {
    return new ScoringTestKit(rulesResource(resource));
  }

  static ScoringRules rulesResource(String resource) {
    try (InputStream in = ScoringTestKit.class.getResourceAsStream("/rules/" + resource)) {
      return RulesLoader.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Duration elapsed = Duration.ZERO;

  /** Wall-clock time in the driver; new events happen now unless a test sets their time. */
  Instant now() {
    return START.plus(elapsed);
  }

  /** Moves wall-clock time on, which runs the decay punctuation. */
  void advanceClock(Duration by) {
    elapsed = elapsed.plus(by);
    driver.advanceWallClockTime(by);
  }

  String nextEventId() {
    return "evt-" + eventIds.incrementAndGet();
  }

  WebActivity.Builder webEvent(String lead, WebActivityType type) {
    return WebActivity.newBuilder().setEventId(nextEventId()).setLeadId(lead).setEventTime(now()).setType(type);
  }

  /** An anonymous visitor's web event: no lead id, keyed by the visitor id. */
  WebActivity.Builder visitorEvent(String visitor, WebActivityType type) {
    return WebActivity.newBuilder().setEventId(nextEventId()).setLeadId(null).setVisitorId(visitor)
        .setEventTime(now()).setType(type);
  }

  void identify(String visitor, String lead, Instant at) {
    identities.pipeInput(visitor, Identification.newBuilder().setVisitorId(visitor).setLeadId(lead)
        .setIdentifiedAt(at).setSource("form:contact-sales").build(), at);
  }

  void merge(String merged, String survivor) {
    merge(merged, survivor, null);
  }

  void merge(String merged, String survivor, String via) {
    leadMerges.pipeInput(merged, LeadMerge.newBuilder().setMergedId(merged).setSurvivorId(survivor)
        .setMergedAt(now()).setVia(via).build(), now());
  }

  EmailActivity.Builder emailEvent(String lead, EmailActivityType type) {
    return EmailActivity.newBuilder().setEventId(nextEventId()).setLeadId(lead).setEventTime(now()).setType(type)
        .setCampaign("nurture-q4");
  }

  WebinarActivity.Builder webinarEvent(String lead, WebinarActivityType type) {
    return WebinarActivity.newBuilder().setEventId(nextEventId()).setLeadId(lead).setEventTime(now()).setType(type)
        .setWebinarId("wb-1").setWebinarTitle("Scoring leads in real time");
  }

  LeadProfile.Builder profile(String lead) {
    return LeadProfile.newBuilder().setLeadId(lead).setUpdatedAt(now());
  }

  void send(WebActivity event) {
    web.pipeInput(event.getLeadId() != null ? event.getLeadId() : event.getVisitorId(), event, event.getEventTime());
  }

  void send(WebActivity.Builder event) {
    send(event.build());
  }

  void send(EmailActivity.Builder event) {
    EmailActivity e = event.build();
    email.pipeInput(e.getLeadId(), e, e.getEventTime());
  }

  void send(WebinarActivity.Builder event) {
    WebinarActivity e = event.build();
    webinar.pipeInput(e.getLeadId(), e, e.getEventTime());
  }

  void send(LeadProfile.Builder profile) {
    LeadProfile p = profile.build();
    profiles.pipeInput(p.getLeadId(), p, p.getUpdatedAt());
  }

  void send(SalesRep rep) {
    salesReps.pipeInput(rep.getRepId(), rep, now());
  }

  void send(PromotedLead lead) {
    promotions.pipeInput(lead.getLeadId(), lead, now());
  }

  void send(CrmOutcome outcome) {
    crmOutcomes.pipeInput(outcome.getLeadId(), outcome, now());
  }

  /** Stage actions (alerts and campaigns) published since the last call. */
  List<LeadAction> actions() {
    return actions.readValuesToList();
  }

  /** Sales status changes published since the last call. */
  List<LeadLifecycle> lifecycle() {
    return lifecycle.readValuesToList();
  }

  List<MqlRouting> routings() {
    return mqlRouting.readValuesToList();
  }

  /** Lead ids of the CRM outcomes the scorer passed on to the routing task, oldest first. */
  List<String> outcomesSentToRouting() {
    return driver.createOutputTopic(APPLICATION_ID + "-leadscore-routing-outcomes-repartition",
        new StringDeserializer(), topics.crmOutcomes().valueSerde().deserializer()).readValuesToList().stream()
        .map(CrmOutcome::getLeadId).toList();
  }

  void deleteProfile(String lead) {
    profiles.pipeInput(lead, null, now());
  }

  void pipeWeb(String key, WebActivity value) {
    web.pipeInput(key, value, now());
  }

  void pipeRawWeb(byte[] key, byte[] value) {
    pipeRaw(topics.webActivity().name(), key, value);
  }

  void pipeRaw(String topic, byte[] key, byte[] value) {
    driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer())
        .pipeInput(new TestRecord<>(key, value, now()));
  }

  <V> byte[] serialize(Topic<String, V> topic, V value) {
    return topic.valueSerde().serializer().serialize(topic.name(), value);
  }

  /** The sum of a leadscore counter over the driver's task, such as {@code duplicates-dropped-total}. */
  double metric(String name) {
    return driver.metrics().values().stream()
        .filter(m -> m.metricName().name().equals(name) && m.metricName().group().equals("stream-leadscore-metrics"))
        .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum();
  }

  byte[] serializeWeb(WebActivity value) {
    return topics.webActivity().valueSerde().serializer().serialize(topics.webActivity().name(), value);
  }

  /** Every score update so far, oldest first. */
  List<LeadScore> scores() {
    return scores.readValuesToList();
  }

  /** Account scores published since the last call, with their keys; a deleted account's is a tombstone. */
  List<TestRecord<String, AccountScore>> accountScores() {
    return accountScores.readRecordsToList();
  }

  List<AccountStageChange> accountStageChanges() {
    return accountStageChanges.readValuesToList();
  }

  /** Every score record so far with its key, oldest first; a deleted lead's is a tombstone (no value). */
  List<TestRecord<String, LeadScore>> scoreRecords() {
    return scores.readRecordsToList();
  }

  /** The latest score of each lead, as the compacted topic would keep it. */
  Map<String, LeadScore> latestScores() {
    return scores.readKeyValuesToMap();
  }

  List<StageChange> stageChanges() {
    return stageChanges.readValuesToList();
  }

  List<MqlEntry> mqlEntries() {
    return mql.readValuesToList();
  }

  List<TestRecord<byte[], byte[]>> deadLetters() {
    return deadLetters.readRecordsToList();
  }

  private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
    return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
    return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
        topic.valueSerde().deserializer());
  }

  @Override
  public void close() {
    driver.close();
    InMemorySchemaRegistry.dropScope(registryScope);
  }
}
