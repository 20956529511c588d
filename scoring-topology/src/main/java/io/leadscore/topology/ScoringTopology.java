package io.leadscore.topology;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.SalesRep;
import io.leadscore.routing.Assignment;
import io.leadscore.routing.Router;
import io.leadscore.rules.ScoringRules;
import io.leadscore.score.Activity;
import io.leadscore.score.LeadScoring;
import io.leadscore.score.LeadState;
import io.leadscore.serde.JsonSerde;
import io.leadscore.serde.LeadStateSerde;
import io.leadscore.topology.LeadInput.ActivityInput;
import io.leadscore.topology.LeadInput.OutcomeInput;
import io.leadscore.topology.LeadInput.ProfileInput;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the scoring topology; no I/O. Activity from the three channels is merged, validated (failures go to the
 * dead-letter topic through the processing exception handler), and scored (duplicates dropped) together with profile changes
 * from the profiles table and CRM outcomes by one processor that owns each lead's state and its decay index. New MQLs
 * are then routed to sales reps.
 */
public final class ScoringTopology {

  public static final String PROFILES_STORE = "leadscore-profiles";
  public static final String LEAD_STATE_STORE = "leadscore-lead-state";
  public static final String DECAY_INDEX_STORE = "leadscore-decay-index";
  public static final String DEDUP_STORE = "leadscore-event-ids";
  public static final String STAGE_GRADE_COUNTS_STORE = "leadscore-stage-grade-counts";
  public static final String STAGE_HISTORY_STORE = "leadscore-stage-history";
  public static final String RECENT_STAGE_CHANGES_STORE = "leadscore-recent-stage-changes";
  public static final String RECENT_MQLS_STORE = "leadscore-recent-mqls";
  public static final String SALES_REPS_STORE = "leadscore-sales-reps";
  public static final String ROUTING_WEIGHTS_STORE = "leadscore-routing-weights";
  public static final String ROUTING_LOAD_STORE = "leadscore-routing-load";
  public static final String ROUTING_OWNERS_STORE = "leadscore-routing-owners";
  public static final String ROUTING_OPEN_STORE = "leadscore-routing-open";
  public static final String ROUTING_OPEN_MQLS_STORE = "leadscore-routing-open-mqls";
  public static final String ROUTING_SLA_INDEX_STORE = "leadscore-routing-sla-index";
  /** Every MQL and CRM outcome is routed under this one key: see the README on routing and partitions. */
  static final String ROUTING_KEY = "mql-router";

  private ScoringTopology() {
  }

  public static Topology buildTopology(ScoringRules rules, LeadscoreTopics topics) {
    return buildTopology(rules, topics, StoreKind.PERSISTENT);
  }

  public static Topology buildTopology(ScoringRules rules, LeadscoreTopics topics, StoreKind stores) {
    Properties naming = new Properties();
    naming.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(withRequired(naming))));

    ActivityTimestampExtractor eventTime = new ActivityTimestampExtractor(rules.input().maxFutureSkew());
    InputBounds bounds = new InputBounds(rules.input());
    ActivityMapper toActivity = new ActivityMapper(bounds);
    KStream<String, Activity> web = builder
        .stream(topics.webActivity().name(), topics.webActivity().consumed("web-activity-source")
            .withTimestampExtractor(eventTime))
        .mapValues(toActivity::web, Named.as("web-to-activity"));
    KStream<String, Activity> email = builder
        .stream(topics.emailActivity().name(), topics.emailActivity().consumed("email-activity-source")
            .withTimestampExtractor(eventTime))
        .mapValues(toActivity::email, Named.as("email-to-activity"));
    KStream<String, Activity> webinar = builder
        .stream(topics.webinarActivity().name(), topics.webinarActivity().consumed("webinar-activity-source")
            .withTimestampExtractor(eventTime))
        .mapValues(toActivity::webinar, Named.as("webinar-to-activity"));

    KStream<String, LeadInput> activities = web
        .merge(email, Named.as("merge-email-activity"))
        .merge(webinar, Named.as("merge-webinar-activity"))
        .processValues(() -> new ActivityValidator(rules.input()), Named.as("validate-activity"))
        .mapValues(activity -> (LeadInput) new ActivityInput(activity), Named.as("activity-input"));

    // A stream validated into a table rather than a source table: a record that is not a profile must reach the
    // dead-letter topic, not the store, where every later read of the lead would fail on it.
    KTable<String, LeadProfile> profiles = builder
        .stream(topics.profiles().name(), topics.profiles().consumed("profiles-source"))
        .processValues(() -> new KeyedInputValidator<>(bounds, "lead id", "leadId", LeadProfile::getLeadId,
            profile -> null, true), Named.as("validate-profile"))
        .toTable(Named.as("profiles-table"), Materialized.<String, LeadProfile>as(stores.table(PROFILES_STORE))
            .withKeySerde(topics.profiles().keySerde())
            .withValueSerde(topics.profiles().valueSerde())
            .withCachingDisabled());
    KStream<String, LeadInput> profileChanges = profiles
        .toStream(Named.as("profile-changes"))
        .mapValues(profile -> (LeadInput) new ProfileInput(profile), Named.as("profile-input"));

    KStream<String, CrmOutcome> crmOutcomes = builder
        .stream(topics.crmOutcomes().name(), topics.crmOutcomes().consumed("crm-outcomes-source"))
        .processValues(() -> new KeyedInputValidator<>(bounds, "lead id", "leadId", CrmOutcome::getLeadId,
            InputChecks::outcomeProblem, false), Named.as("validate-crm-outcome"));

    StoreBuilder<KeyValueStore<String, LeadState>> leadState = Stores.keyValueStoreBuilder(
        stores.keyValue(LEAD_STATE_STORE), Serdes.String(), new LeadStateSerde())
        // A busy lead's state is rewritten with each of its events: cached, it reaches RocksDB and the changelog once per
        // commit. So do the per-stage counts, a handful of keys that every new lead and stage change rewrites.
        .withCachingEnabled();
    StoreBuilder<?> spilledEventIds = Stores.windowStoreBuilder(
        stores.window(DEDUP_STORE, rules.input().deduplicationWindow()), Serdes.String(), Serdes.Long());
    StoreBuilder<KeyValueStore<Bytes, byte[]>> decayIndex = Stores.keyValueStoreBuilder(
        stores.keyValue(DECAY_INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray());
    StoreBuilder<KeyValueStore<String, Long>> counts = Stores.keyValueStoreBuilder(
        stores.keyValue(STAGE_GRADE_COUNTS_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled();
    StoreBuilder<KeyValueStore<String, StageHistory>> stageHistory = Stores.keyValueStoreBuilder(
        stores.keyValue(STAGE_HISTORY_STORE), Serdes.String(), new JsonSerde<>(StageHistory.class));
    StoreBuilder<KeyValueStore<Long, StageMove>> recentMoves = Stores.keyValueStoreBuilder(
        stores.keyValue(RECENT_STAGE_CHANGES_STORE), Serdes.Long(), new JsonSerde<>(StageMove.class));
    LeadScorer.ScorerStores scorerStores = new LeadScorer.ScorerStores(LEAD_STATE_STORE, DECAY_INDEX_STORE,
        PROFILES_STORE, STAGE_GRADE_COUNTS_STORE, STAGE_HISTORY_STORE, RECENT_STAGE_CHANGES_STORE, DEDUP_STORE);
    LeadScoring scoring = new LeadScoring(rules);
    KStream<String, ScoringOutcome> outcomes = activities
        .merge(profileChanges, Named.as("merge-profile-changes"))
        .merge(crmOutcomes.mapValues(outcome -> (LeadInput) new OutcomeInput(outcome), Named.as("outcome-input")),
            Named.as("merge-crm-outcomes"))
        .process(new ProcessorSupplier<String, LeadInput, String, ScoringOutcome>() {
          @Override
          public LeadScorer get() {
            return new LeadScorer(scoring, scorerStores);
          }

          @Override
          public Set<StoreBuilder<?>> stores() {
            return ordered(leadState, decayIndex, counts, stageHistory, recentMoves, spilledEventIds);
          }
        }, Named.as("score-leads"), PROFILES_STORE);

    outcomes
        .filter((lead, outcome) -> outcome.changed(), Named.as("score-changed"))
        .mapValues(outcome -> AvroOutputs.leadScore(outcome.card()), Named.as("to-lead-score"))
        .to(topics.leadScores().name(), topics.leadScores().produced("lead-scores-sink"));
    outcomes
        .filter((lead, outcome) -> outcome.transition().isPresent(), Named.as("stage-changed"))
        .mapValues(AvroOutputs::stageChange, Named.as("to-stage-change"))
        .to(topics.stageChanges().name(), topics.stageChanges().produced("stage-changes-sink"));
    KStream<String, MqlEntry> mqlEntries = outcomes
        .filter((lead, outcome) -> outcome.qualified(), Named.as("became-mql"))
        .mapValues(AvroOutputs::mqlEntry, Named.as("to-mql-entry"));
    mqlEntries.to(topics.mql().name(), topics.mql().produced("mql-sink"));

    routeMqls(builder, rules, topics, stores, bounds, mqlEntries, crmOutcomes);
    return builder.build();
  }

  /**
   * MQL volume is small next to activity, so every MQL entry, CRM outcome and roster change is repartitioned to one
   * partition: one task then holds the roster, rotation, capacity, ownership and open assignments, and decides
   * deterministically under exactly-once. The roster goes the same way rather than through a global table, so that a
   * bad roster record is dead-lettered once, in the task's transaction, like any other bad input.
   */
  private static void routeMqls(StreamsBuilder builder, ScoringRules rules, LeadscoreTopics topics, StoreKind stores,
      InputBounds bounds, KStream<String, MqlEntry> mqlEntries, KStream<String, CrmOutcome> outcomes) {
    KStream<String, RoutingInput> rosterChanges = builder
        .stream(topics.salesReps().name(), topics.salesReps().consumed("sales-reps-source"))
        .processValues(() -> new KeyedInputValidator<>(bounds, "rep id", "repId", SalesRep::getRepId,
            InputChecks::salesRepProblem, true), Named.as("validate-sales-rep"))
        .repartition(Repartitioned.<String, SalesRep>as("leadscore-routing-reps")
            .withKeySerde(topics.salesReps().keySerde()).withValueSerde(topics.salesReps().valueSerde())
            .withNumberOfPartitions(1))
        .mapValues(rep -> (RoutingInput) new RoutingInput.RosterChange(rep), Named.as("roster-input"));

    KStream<String, RoutingInput> newMqls = mqlEntries
        .selectKey((lead, entry) -> ROUTING_KEY, Named.as("route-mqls-together"))
        .repartition(Repartitioned.<String, MqlEntry>as("leadscore-routing-mqls")
            .withKeySerde(Serdes.String()).withValueSerde(topics.mql().valueSerde()).withNumberOfPartitions(1))
        .mapValues(entry -> (RoutingInput) new RoutingInput.NewMql(entry), Named.as("new-mql-input"));
    KStream<String, RoutingInput> crmOutcomes = outcomes
        .selectKey((lead, outcome) -> ROUTING_KEY, Named.as("route-outcomes-together"))
        .repartition(Repartitioned.<String, CrmOutcome>as("leadscore-routing-outcomes")
            .withKeySerde(Serdes.String()).withValueSerde(topics.crmOutcomes().valueSerde())
            .withNumberOfPartitions(1))
        .mapValues(outcome -> (RoutingInput) new RoutingInput.Outcome(outcome), Named.as("crm-outcome-input"));

    MqlRouter.RouterStores names = new MqlRouter.RouterStores(ROUTING_WEIGHTS_STORE, ROUTING_LOAD_STORE,
        ROUTING_OWNERS_STORE, ROUTING_OPEN_STORE, ROUTING_OPEN_MQLS_STORE, ROUTING_SLA_INDEX_STORE, SALES_REPS_STORE,
        RECENT_MQLS_STORE);
    Set<StoreBuilder<?>> routerStores = ordered(
        Stores.keyValueStoreBuilder(stores.keyValue(ROUTING_WEIGHTS_STORE), Serdes.String(), Serdes.Integer()),
        Stores.keyValueStoreBuilder(stores.keyValue(ROUTING_LOAD_STORE), Serdes.String(),
            new JsonSerde<>(StoreRoutingMemory.Load.class)),
        Stores.keyValueStoreBuilder(stores.keyValue(ROUTING_OWNERS_STORE), Serdes.String(), Serdes.String()),
        Stores.keyValueStoreBuilder(stores.keyValue(ROUTING_OPEN_STORE), Serdes.String(),
            new JsonSerde<>(Assignment.class)),
        Stores.keyValueStoreBuilder(stores.keyValue(ROUTING_OPEN_MQLS_STORE), Serdes.String(),
            topics.mql().valueSerde()),
        Stores.keyValueStoreBuilder(stores.keyValue(ROUTING_SLA_INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray()),
        Stores.keyValueStoreBuilder(stores.keyValue(RECENT_MQLS_STORE), Serdes.Long(),
            new JsonSerde<>(RoutedMql.class)),
        Stores.keyValueStoreBuilder(stores.keyValue(SALES_REPS_STORE), Serdes.String(),
            topics.salesReps().valueSerde()));
    Router router = new Router(rules.routing());
    newMqls
        .merge(crmOutcomes, Named.as("merge-routing-inputs"))
        .merge(rosterChanges, Named.as("merge-roster-changes"))
        .process(new ProcessorSupplier<String, RoutingInput, String, MqlRouting>() {
          @Override
          public MqlRouter get() {
            return new MqlRouter(router, rules.engagement().decay().checkEvery(), names);
          }

          @Override
          public Set<StoreBuilder<?>> stores() {
            return routerStores;
          }
        }, Named.as("route-mqls"))
        .to(topics.mqlRouting().name(), topics.mqlRouting().produced("mql-routing-sink"));
  }

  /**
   * Stores in the order given: the topology description lists them in the order of this set, and {@code Set.of} would
   * change it from one JVM to the next.
   */
  private static Set<StoreBuilder<?>> ordered(StoreBuilder<?>... stores) {
    return new LinkedHashSet<>(List.of(stores));
  }

  /**
   * The builder reads only topology settings from this config, but a StreamsConfig cannot exist without the two client
   * settings; the app's real ones are given to KafkaStreams, not here.
   */
  private static Properties withRequired(Properties props) {
    props.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "leadscore");
    props.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    return props;
  }
}
