package io.leadscore.topology;

import io.leadscore.account.AccountScoring;
import io.leadscore.avro.AccountStageChange;
import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.Identification;
import io.leadscore.avro.LeadAction;
import io.leadscore.avro.LeadMerge;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.PromotedLead;
import io.leadscore.avro.SalesRep;
import io.leadscore.identity.Identities;
import io.leadscore.lifecycle.Cohort;
import io.leadscore.lifecycle.Effectiveness;
import io.leadscore.lifecycle.EngagementBands;
import io.leadscore.lifecycle.Milestone;
import io.leadscore.lifecycle.Tally;
import io.leadscore.routing.Router;
import io.leadscore.rules.ScoringRules;
import io.leadscore.rules.Stage;
import io.leadscore.score.Activity;
import io.leadscore.score.LeadScoring;
import io.leadscore.serde.JsonSerde;
import io.leadscore.topology.LeadInput.ActivityInput;
import io.leadscore.topology.LeadInput.MergeInput;
import io.leadscore.topology.LeadInput.OutcomeInput;
import io.leadscore.topology.LeadInput.ProfileInput;
import io.leadscore.topology.LeadInput.PromotionInput;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds the scoring topology; no I/O. Activity from the three channels is merged, validated (failures go to the
 * dead-letter topic through the processing exception handler), and scored (duplicates dropped) together with profile changes
 * from the profiles table and CRM outcomes by one processor that owns each lead's state and its decay index. New MQLs
 * are then routed to sales reps.
 */
public final class ScoringTopology {

  /** Every MQL and CRM outcome is routed under this one key: see the README on routing and partitions. */
  static final String ROUTING_KEY = "mql-router";

  private ScoringTopology() {
  }

  static final String ROUTING_REPS = "leadscore-routing-reps";
  static final String ROUTING_MQLS = "leadscore-routing-mqls";
  static final String ROUTING_OUTCOMES = "leadscore-routing-outcomes";
  static final String ROUTING_ALERTS = "leadscore-routing-alerts";
  static final String ROUTING_MQAS = "leadscore-routing-mqas";
  /** What visitors credit to leads and merged leads hand over to survivors, keyed by the receiving lead's id. */
  static final String LEAD_TRANSFERS = "leadscore-lead-transfers";
  /** Leads' changes in their accounts, keyed by the account's domain. */
  static final String ACCOUNT_CHANGES = "leadscore-account-changes";
  /** What reaches the routing task, each through a topic of one partition that these name. */
  public static final List<String> ROUTING_REPARTITIONS = List.of(ROUTING_REPS, ROUTING_MQLS, ROUTING_OUTCOMES,
      ROUTING_ALERTS, ROUTING_MQAS);

  public static Topology buildTopology(ScoringRules rules, LeadscoreTopics topics) {
    return buildTopology(rules, topics, StoreKind.PERSISTENT);
  }

  public static Topology buildTopology(ScoringRules rules, LeadscoreTopics topics, StoreKind kind) {
    return buildTopology(rules, topics, kind, Deployment.LIVE);
  }

  /**
   * A {@link RunMode#SHADOW} topology scores and counts as the live one does, into the topics it is given (a
   * candidate's shadow outputs), but routes nothing and sends no stage action: it leaves sales alone. With a
   * {@code replay}, a new application scores activity and outcomes from its start on only. A live topology also reads
   * the promotions topic, and acts on the records of the promotion it is given.
   */
  public static Topology buildTopology(ScoringRules rules, LeadscoreTopics topics, StoreKind kind,
      Deployment deployment) {
    Replay replay = deployment.replay();
    LeadscoreStores stores = LeadscoreStores.with(topics);
    Properties naming = new Properties();
    naming.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(withRequired(naming))));

    ActivityTimestampExtractor eventTime = new ActivityTimestampExtractor(rules.input().maxFutureSkew());
    InputBounds bounds = new InputBounds(rules.input());
    ActivityMapper toActivity = new ActivityMapper(bounds);
    KStream<String, Activity> web = builder
        .stream(topics.webActivity().name(), from(replay, topics.webActivity().consumed("web-activity-source"))
            .withTimestampExtractor(eventTime))
        .mapValues(toActivity::web, Named.as("web-to-activity"));
    KStream<String, Activity> email = builder
        .stream(topics.emailActivity().name(), from(replay, topics.emailActivity().consumed("email-activity-source"))
            .withTimestampExtractor(eventTime))
        .mapValues(toActivity::email, Named.as("email-to-activity"));
    KStream<String, Activity> webinar = builder
        .stream(topics.webinarActivity().name(), from(replay, topics.webinarActivity().consumed("webinar-activity-source"))
            .withTimestampExtractor(eventTime))
        .mapValues(toActivity::webinar, Named.as("webinar-to-activity"));

    KStream<String, Activity> validated = web
        .merge(email, Named.as("merge-email-activity"))
        .merge(webinar, Named.as("merge-webinar-activity"))
        .processValues(() -> new ActivityValidator(rules.input()), Named.as("validate-activity"));
    if (replay != null) {
      validated = validated.filter((lead, activity) -> replay.includes(activity.eventTime()),
          Named.as("replay-activity-from"));
    }
    Map<String, KStream<String, Activity>> byWho = validated
        .split(Named.as("activity-of-"))
        .branch((key, activity) -> activity.anonymous(), Branched.as("visitor"))
        .defaultBranch(Branched.as("lead"));
    KStream<String, LeadInput> activities = byWho.get("activity-of-lead")
        .mapValues(activity -> (LeadInput) new ActivityInput(activity), Named.as("activity-input"));
    KStream<String, LeadTransfer> visitorCredits = creditVisitors(builder, rules, topics, stores, kind, bounds,
        byWho.get("activity-of-visitor"));

    // A stream validated into a table rather than a source table: a record that is not a profile must reach the
    // dead-letter topic, not the store, where every later read of the lead would fail on it.
    KTable<String, LeadProfile> profiles = builder
        .stream(topics.profiles().name(), topics.profiles().consumed("profiles-source"))
        .processValues(() -> new KeyedInputValidator<>(bounds, "lead id", "leadId", LeadProfile::getLeadId,
            profile -> null, true), Named.as("validate-profile"))
        .toTable(Named.as("profiles-table"),
            Materialized.<String, LeadProfile>as(kind.table(stores.profiles().name()))
                .withKeySerde(stores.profiles().keySerde())
                .withValueSerde(stores.profiles().valueSerde())
                .withCachingDisabled());
    KStream<String, LeadInput> profileChanges = profiles
        .toStream(Named.as("profile-changes"))
        .mapValues(profile -> (LeadInput) new ProfileInput(profile), Named.as("profile-input"));

    KStream<String, CrmOutcome> crmOutcomes = builder
        .stream(topics.crmOutcomes().name(), from(replay, topics.crmOutcomes().consumed("crm-outcomes-source")))
        .processValues(() -> new KeyedInputValidator<>(bounds, "lead id", "leadId", CrmOutcome::getLeadId,
            InputChecks::outcomeProblem, false), Named.as("validate-crm-outcome"));
    if (replay != null) {
      crmOutcomes = crmOutcomes.filter((lead, outcome) -> replay.includes(outcome.getReportedAt().toEpochMilli()),
          Named.as("replay-outcomes-from"));
    }

    // Ordered sets: the topology description follows the order of the set, which Set.of would change between JVMs.
    // The merge step shares the scorer's stores of lead state: the same builders, so each store is built once.
    StoreBuilder<?> leadState = stores.leadState().keyValue(kind);
    StoreBuilder<?> decayIndex = stores.decayIndex().keyValue(kind);
    StoreBuilder<?> mergedLeads = stores.mergedLeads().keyValue(kind);
    StoreBuilder<?> mergedFrom = stores.mergedFrom().keyValue(kind);
    Set<StoreBuilder<?>> scorerStores = new LinkedHashSet<>(List.of(leadState, decayIndex,
        stores.spilledEventIds().window(kind, SpilledEventIds.retention(rules.input().deduplicationWindow()))));
    Set<StoreBuilder<?>> mergerStores = new LinkedHashSet<>(List.of(mergedLeads, mergedFrom, leadState, decayIndex));
    for (Store<?, ?> store : stores.scorerKeyValueStores()) {
      StoreBuilder<?> built = store.keyValue(kind);
      scorerStores.add(built);
      if (store == stores.stageGradeCounts() || store == stores.stageHistory()) {
        mergerStores.add(built);
      }
    }
    scorerStores.add(mergedLeads);
    scorerStores.add(mergedFrom);
    LeadScoring scoring = new LeadScoring(rules);
    KStream<String, LeadInput> inputs = activities
        .merge(profileChanges, Named.as("merge-profile-changes"))
        .merge(crmOutcomes.mapValues(outcome -> (LeadInput) new OutcomeInput(outcome), Named.as("outcome-input")),
            Named.as("merge-crm-outcomes"))
        .merge(builder
            .stream(topics.leadMerges().name(), topics.leadMerges().consumed("lead-merges-source"))
            .processValues(() -> new KeyedInputValidator<>(bounds, "lead id", "mergedId", LeadMerge::getMergedId,
                merge -> {
                  bounds.checkId("lead id", merge.getSurvivorId(), "survivorId");
                  return null;
                }, false), Named.as("validate-lead-merge"))
            .mapValues(merge -> (LeadInput) new MergeInput(merge), Named.as("merge-input")),
            Named.as("merge-lead-merges"));
    boolean live = deployment.mode() == RunMode.LIVE;
    if (live) {
      Promotion promotion = deployment.promotion();
      inputs = inputs.merge(builder
          .stream(topics.promotions().name(), topics.promotions().consumed("promotions-source"))
          .processValues(() -> new KeyedInputValidator<>(bounds, "lead id", "leadId", PromotedLead::getLeadId,
              lead -> null, false), Named.as("validate-promotion"))
          .filter((lead, promoted) -> promotion != null && promotion.covers(promoted), Named.as("this-promotion"))
          .mapValues(promoted -> (LeadInput) new PromotionInput(promoted), Named.as("promotion-input")),
          Named.as("merge-promotions"));
    }
    Map<String, KStream<String, LeadRoute>> routes = inputs
        .process(new ProcessorSupplier<String, LeadInput, String, LeadRoute>() {
          @Override
          public LeadMerger get() {
            return new LeadMerger(stores);
          }

          @Override
          public Set<StoreBuilder<?>> stores() {
            return mergerStores;
          }
        }, Named.as("merge-leads"))
        .split(Named.as("route-"))
        .branch((lead, route) -> route instanceof LeadRoute.Local, Branched.as("local"))
        .branch((lead, route) -> route instanceof LeadRoute.Transfer, Branched.as("transfer"))
        .branch((lead, route) -> route instanceof LeadRoute.Remerge, Branched.as("remerge"))
        .defaultBranch(Branched.as("deleted"));
    if (live) {
      // A shadow reads the merges topic too, and follows the live app's records there rather than write its own.
      routes.get("route-remerge")
          .mapValues(route -> ((LeadRoute.Remerge) route).merge(), Named.as("to-lead-merge"))
          .to(topics.leadMerges().name(), topics.leadMerges().produced("lead-merges-sink"));
    }
    KStream<String, LeadRoute> deleted = routes.get("route-deleted");
    deleted
        .mapValues(route -> (LeadScore) null, Named.as("to-score-tombstone"))
        .to(topics.leadScores().name(), topics.leadScores().produced("merged-lead-scores-sink"));
    KStream<String, LeadInput> transferred = routes.get("route-transfer")
        .mapValues(route -> ((LeadRoute.Transfer) route).transfer(), Named.as("to-transfer"))
        .merge(visitorCredits, Named.as("merge-visitor-credits"))
        .repartition(Repartitioned.<String, LeadTransfer>as(LEAD_TRANSFERS)
            .withKeySerde(Serdes.String()).withValueSerde(new JsonSerde<>(LeadTransfer.class)))
        .mapValues(ScoringTopology::arriving, Named.as("transfer-input"));
    KStream<String, ScoringOutcome> outcomes = routes.get("route-local")
        .mapValues(route -> ((LeadRoute.Local) route).input(), Named.as("local-input"))
        .merge(transferred, Named.as("merge-transfers"))
        .process(new ProcessorSupplier<String, LeadInput, String, ScoringOutcome>() {
          @Override
          public LeadScorer get() {
            return new LeadScorer(scoring, stores, live);
          }

          @Override
          public Set<StoreBuilder<?>> stores() {
            return scorerStores;
          }
        }, Named.as("score-leads"), stores.profiles().name());

    outcomes
        .filter((lead, outcome) -> outcome.changed(), Named.as("score-changed"))
        .mapValues(outcome -> AvroOutputs.leadScore(outcome.card()), Named.as("to-lead-score"))
        .to(topics.leadScores().name(), topics.leadScores().produced("lead-scores-sink"));
    outcomes
        .filter((lead, outcome) -> outcome.transition().isPresent(), Named.as("stage-changed"))
        .mapValues(AvroOutputs::stageChange, Named.as("to-stage-change"))
        .to(topics.stageChanges().name(), topics.stageChanges().produced("stage-changes-sink"));
    KStream<String, SalesStatusChange> statusChanges = outcomes
        .filter((lead, outcome) -> outcome.statusChange() != null, Named.as("sales-status-changed"))
        .mapValues(ScoringOutcome::statusChange, Named.as("to-status-change"));
    statusChanges
        .mapValues(AvroOutputs::leadLifecycle, Named.as("to-lead-lifecycle"))
        .to(topics.lifecycle().name(), topics.lifecycle().produced("lifecycle-sink"));
    KStream<String, MqlEntry> mqlEntries = outcomes
        .filter((lead, outcome) -> outcome.qualified(), Named.as("became-mql"))
        .mapValues(AvroOutputs::mqlEntry, Named.as("to-mql-entry"));
    mqlEntries.to(topics.mql().name(), topics.mql().produced("mql-sink"));

    KStream<String, AccountStageChange> mqas = null;
    if (rules.accounts().enabled()) {
      mqas = scoreAccounts(rules, topics, stores, kind, outcomes
          .flatMap((lead, outcome) -> outcome.accountChanges(), Named.as("to-account-changes"))
          .merge(deleted
              .filter((lead, route) -> ((LeadRoute.Deleted) route).account() != null, Named.as("merged-from-account"))
              .map((lead, route) -> KeyValue.pair(((LeadRoute.Deleted) route).account(),
                  new AccountChange(lead, null, null)), Named.as("to-account-leave")),
              Named.as("merge-account-leaves")));
    }
    if (live) {
      actOnSales(builder, rules, topics, stores, kind, bounds, outcomes, mqlEntries, mqas);
    }
    countConversions(rules, stores, kind, statusChanges);
    return builder.build();
  }

  /**
   * Anonymous web activity is keyed by visitor, as are identifications, so both reach the visitor's task without a
   * repartition. What a visitor credits to its lead is repartitioned by lead id to the lead's scorer.
   */
  private static KStream<String, LeadTransfer> creditVisitors(StreamsBuilder builder, ScoringRules rules,
      LeadscoreTopics topics, LeadscoreStores stores, StoreKind kind, InputBounds bounds,
      KStream<String, Activity> anonymous) {
    KStream<String, VisitorInput> identifications = builder
        .stream(topics.identities().name(), topics.identities().consumed("identities-source"))
        .processValues(() -> new KeyedInputValidator<>(bounds, "visitor id", "visitorId",
            Identification::getVisitorId, identification -> {
              bounds.checkId("lead id", identification.getLeadId(), "leadId");
              return null;
            }, false), Named.as("validate-identification"))
        .mapValues(identification -> (VisitorInput) new VisitorInput.IdentificationInput(identification),
            Named.as("identification-input"));
    Set<StoreBuilder<?>> visitorStores = new LinkedHashSet<>();
    stores.visitorStores().forEach(store -> visitorStores.add(store.keyValue(kind)));
    Identities identities = new Identities(rules.input());
    return anonymous
        .mapValues(activity -> (VisitorInput) new VisitorInput.AnonymousInput(activity), Named.as("visitor-input"))
        .merge(identifications, Named.as("merge-identifications"))
        .process(new ProcessorSupplier<String, VisitorInput, String, LeadTransfer>() {
          @Override
          public VisitorTracker get() {
            return new VisitorTracker(identities, rules.engagement().decay().checkEvery(), stores);
          }

          @Override
          public Set<StoreBuilder<?>> stores() {
            return visitorStores;
          }
        }, Named.as("track-visitors"));
  }

  /** A transfer as the receiving lead's scorer takes it. */
  private static LeadInput arriving(LeadTransfer transfer) {
    return transfer instanceof LeadTransfer.Credit credit ? new LeadInput.CreditInput(credit)
        : new LeadInput.HandoverInput((LeadTransfer.Handover) transfer);
  }

  private static <V> Consumed<String, V> from(Replay replay, Consumed<String, V> consumed) {
    return replay == null ? consumed : consumed.withOffsetResetPolicy(replay.reset());
  }

  /** Routes MQLs, and sends the actions of the stages leads enter. */
  private static void actOnSales(StreamsBuilder builder, ScoringRules rules, LeadscoreTopics topics,
      LeadscoreStores stores, StoreKind kind, InputBounds bounds, KStream<String, ScoringOutcome> outcomes,
      KStream<String, MqlEntry> mqlEntries, KStream<String, AccountStageChange> mqas) {
    KStream<String, CrmOutcome> routedOutcomes = outcomes
        .filter((lead, outcome) -> outcome.routedOutcome() != null, Named.as("outcome-awaited"))
        .mapValues(ScoringOutcome::routedOutcome, Named.as("to-routed-outcome"));

    // Only the router knows an account's owner; every other action is complete when the stage is entered.
    Map<String, KStream<String, LeadAction>> stageActions = outcomes
        .filter((lead, outcome) -> outcome.actionDue(), Named.as("stage-action-due"))
        .mapValues(AvroOutputs::leadAction, Named.as("to-lead-action"))
        .split(Named.as("stage-action-"))
        .branch((lead, action) -> Stage.OWNER.equals(action.getAlertTo()), Branched.as("for-owner"))
        .defaultBranch(Branched.as("decided"));
    stageActions.get("stage-action-decided")
        .to(topics.actions().name(), topics.actions().produced("actions-sink"));
    routeMqls(builder, rules, topics, stores, kind, bounds, mqlEntries, routedOutcomes,
        stageActions.get("stage-action-for-owner"), mqas);
  }

  /**
   * Rolls leads up to their accounts. Changes are keyed by the account's domain and repartitioned, so that one task
   * holds each account; it publishes an account at most once per {@code accounts.publishEvery}, so a hot account costs
   * a record per period, not one per event of its leads. Returns the changes that made accounts MQAs, for routing.
   */
  private static KStream<String, AccountStageChange> scoreAccounts(ScoringRules rules, LeadscoreTopics topics,
      LeadscoreStores stores, StoreKind kind, KStream<String, AccountChange> changes) {
    Set<StoreBuilder<?>> accountStores = new LinkedHashSet<>();
    stores.accountStores().forEach(store -> accountStores.add(store.keyValue(kind)));
    AccountScoring scoring = new AccountScoring(rules.accounts(), rules.engagement().decay(),
        rules.engagement().floor());
    KStream<String, AccountOutcome> outcomes = changes
        .repartition(Repartitioned.<String, AccountChange>as(ACCOUNT_CHANGES)
            .withKeySerde(Serdes.String()).withValueSerde(new AccountChangeSerde()))
        .process(new ProcessorSupplier<String, AccountChange, String, AccountOutcome>() {
          @Override
          public AccountScorer get() {
            return new AccountScorer(scoring, rules.engagement().decay().checkEvery(), stores);
          }

          @Override
          public Set<StoreBuilder<?>> stores() {
            return accountStores;
          }
        }, Named.as("score-accounts"));
    outcomes
        .mapValues(outcome -> outcome.card() == null ? null : AvroOutputs.accountScore(outcome.card(),
            rules.version()), Named.as("to-account-score"))
        .to(topics.accountScores().name(), topics.accountScores().produced("account-scores-sink"));
    KStream<String, AccountStageChange> stageChanges = outcomes
        .filter((domain, outcome) -> outcome.transition().isPresent(), Named.as("account-stage-changed"))
        .mapValues(outcome -> AvroOutputs.accountStageChange(outcome, rules.version()),
            Named.as("to-account-stage-change"));
    stageChanges.to(topics.accountStageChanges().name(),
        topics.accountStageChanges().produced("account-stage-changes-sink"));
    return stageChanges.filter((domain, change) -> change.getMqa(), Named.as("became-mqa"));
  }

  /**
   * Counts MQLs and their conversions per cohort (rules version and grade, band, interest or channel at
   * qualification) in a table the API reads across instances. Cohort keys repartition the counts: each status change
   * adds to six cohorts of its rules version, few next to the leads, and a record cache makes the many changes of one
   * cohort within a commit one write.
   */
  private static void countConversions(ScoringRules rules, LeadscoreStores stores, StoreKind kind,
      KStream<String, SalesStatusChange> statusChanges) {
    Effectiveness effectiveness = new Effectiveness(new EngagementBands(rules.lifecycle().engagementBands()));
    Store<Cohort, Tally> table = stores.effectiveness();
    statusChanges
        .flatMap((lead, change) -> effectiveness.contributions(change.moved()).stream()
            .map(contribution -> KeyValue.pair(contribution.getKey(), contribution.getValue())).toList(),
            Named.as("to-conversions"))
        .groupByKey(Grouped.with(table.name(), table.keySerde(), new JsonSerde<>(Milestone.class)))
        .aggregate(() -> Tally.NONE, (cohort, milestone, tally) -> tally.with(milestone), Named.as("count-conversions"),
            Materialized.<Cohort, Tally>as(kind.table(table.name()))
                .withKeySerde(table.keySerde())
                .withValueSerde(table.valueSerde())
                .withCachingEnabled());
  }

  /**
   * MQL volume is small next to activity, so every MQL entry, the first CRM outcome after each, and every roster change
   * are repartitioned to one partition: one task then holds the roster, rotation, capacity, ownership and open assignments, and decides
   * deterministically under exactly-once. The roster goes the same way rather than through a global table, so that a
   * bad roster record is dead-lettered once, in the task's transaction, like any other bad input.
   */
  private static void routeMqls(StreamsBuilder builder, ScoringRules rules, LeadscoreTopics topics,
      LeadscoreStores stores, StoreKind kind, InputBounds bounds, KStream<String, MqlEntry> mqlEntries,
      KStream<String, CrmOutcome> outcomes, KStream<String, LeadAction> ownerAlerts,
      KStream<String, AccountStageChange> mqas) {
    KStream<String, RoutingInput> rosterChanges = builder
        .stream(topics.salesReps().name(), topics.salesReps().consumed("sales-reps-source"))
        .processValues(() -> new KeyedInputValidator<>(bounds, "rep id", "repId", SalesRep::getRepId,
            InputChecks::salesRepProblem, true), Named.as("validate-sales-rep"))
        .repartition(Repartitioned.<String, SalesRep>as(ROUTING_REPS)
            .withKeySerde(topics.salesReps().keySerde()).withValueSerde(topics.salesReps().valueSerde())
            .withNumberOfPartitions(1))
        .mapValues(rep -> (RoutingInput) new RoutingInput.RosterChange(rep), Named.as("roster-input"));

    KStream<String, RoutingInput> newMqls = mqlEntries
        .selectKey((lead, entry) -> ROUTING_KEY, Named.as("route-mqls-together"))
        .repartition(Repartitioned.<String, MqlEntry>as(ROUTING_MQLS)
            .withKeySerde(Serdes.String()).withValueSerde(topics.mql().valueSerde()).withNumberOfPartitions(1))
        .mapValues(entry -> (RoutingInput) new RoutingInput.NewMql(entry), Named.as("new-mql-input"));
    KStream<String, RoutingInput> crmOutcomes = outcomes
        .selectKey((lead, outcome) -> ROUTING_KEY, Named.as("route-outcomes-together"))
        .repartition(Repartitioned.<String, CrmOutcome>as(ROUTING_OUTCOMES)
            .withKeySerde(Serdes.String()).withValueSerde(topics.crmOutcomes().valueSerde())
            .withNumberOfPartitions(1))
        .mapValues(outcome -> (RoutingInput) new RoutingInput.Outcome(outcome), Named.as("crm-outcome-input"));
    KStream<String, RoutingInput> alerts = ownerAlerts
        .selectKey((lead, action) -> ROUTING_KEY, Named.as("route-alerts-together"))
        .repartition(Repartitioned.<String, LeadAction>as(ROUTING_ALERTS)
            .withKeySerde(Serdes.String()).withValueSerde(topics.actions().valueSerde()).withNumberOfPartitions(1))
        .mapValues(action -> (RoutingInput) new RoutingInput.OwnerAlert(action), Named.as("owner-alert-input"));

    KStream<String, RoutingInput> inputs = newMqls
        .merge(crmOutcomes, Named.as("merge-routing-inputs"))
        .merge(rosterChanges, Named.as("merge-roster-changes"))
        .merge(alerts, Named.as("merge-owner-alerts"));
    if (mqas != null) {
      inputs = inputs.merge(mqas
          .selectKey((domain, change) -> ROUTING_KEY, Named.as("route-mqas-together"))
          .repartition(Repartitioned.<String, AccountStageChange>as(ROUTING_MQAS)
              .withKeySerde(Serdes.String()).withValueSerde(topics.accountStageChanges().valueSerde())
              .withNumberOfPartitions(1))
          .mapValues(change -> (RoutingInput) new RoutingInput.NewMqa(change), Named.as("new-mqa-input")),
          Named.as("merge-mqas"));
    }

    Set<StoreBuilder<?>> routerStores = new LinkedHashSet<>();
    stores.routerStores().forEach(store -> routerStores.add(store.keyValue(kind)));
    Router router = new Router(rules.routing());
    inputs
        .process(new ProcessorSupplier<String, RoutingInput, String, SpecificRecord>() {
          @Override
          public MqlRouter get() {
            return new MqlRouter(router, rules.engagement().decay().checkEvery(), stores);
          }

          @Override
          public Set<StoreBuilder<?>> stores() {
            return routerStores;
          }
        }, Named.as("route-mqls"))
        .split(Named.as("routed-"))
        .branch((key, routed) -> routed instanceof LeadAction, Branched.withConsumer(owned -> owned
            .mapValues(routed -> (LeadAction) routed, Named.as("to-owner-alert"))
            .to(topics.actions().name(), topics.actions().produced("owner-alerts-sink")), "alert"))
        .defaultBranch(Branched.withConsumer(mqls -> mqls
            .mapValues(routed -> (MqlRouting) routed, Named.as("to-mql-routing"))
            .to(topics.mqlRouting().name(), topics.mqlRouting().produced("mql-routing-sink")), "mql"));
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
