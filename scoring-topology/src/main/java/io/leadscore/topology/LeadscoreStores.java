package io.leadscore.topology;

import io.leadscore.account.AccountState;
import io.leadscore.account.LeadPart;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.SalesRep;
import io.leadscore.identity.Visitor;
import io.leadscore.lifecycle.Cohort;
import io.leadscore.lifecycle.SalesCycle;
import io.leadscore.lifecycle.Tally;
import io.leadscore.routing.Assignment;
import io.leadscore.score.LeadState;
import io.leadscore.serde.AccountStateSerde;
import io.leadscore.serde.JsonSerde;
import io.leadscore.serde.LeadPartSerde;
import io.leadscore.serde.LeadStateSerde;
import io.leadscore.topology.Store.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Every state store of the topology with its serdes, shape and cache, in one place that the topology, its processors,
 * the API and the benchmarks share, as {@link LeadscoreTopics} is for topics. Stores of registry-encoded records (the
 * profiles table, open MQLs, the roster) take their serdes from the topics they come from.
 */
public record LeadscoreStores(
    Store<String, LeadProfile> profiles,
    Store<String, LeadState> leadState,
    Store<Bytes, byte[]> decayIndex,
    Store<String, Long> spilledEventIds,
    Store<String, Long> stageGradeCounts,
    Store<String, StageHistory> stageHistory,
    Store<Long, StageMove> recentStageChanges,
    Store<String, SalesCycle> salesCycles,
    Store<String, Long> stageEntries,
    Store<String, Long> mqlsPerRep,
    Store<Cohort, Tally> effectiveness,
    Store<Long, RoutedMql> recentMqls,
    Store<String, SalesRep> salesReps,
    Store<String, Integer> routingWeights,
    Store<String, StoreRoutingMemory.Load> routingLoad,
    Store<String, String> routingOwners,
    Store<String, Assignment> routingOpen,
    Store<String, MqlEntry> routingOpenMqls,
    Store<Bytes, byte[]> routingSlaIndex,
    Store<Bytes, byte[]> routingQueue,
    Store<Bytes, byte[]> routingQueueSla,
    Store<String, Visitor> visitors,
    Store<Bytes, byte[]> visitorForgetIndex,
    Store<String, String> mergedLeads,
    Store<String, List<String>> mergedFrom,
    Store<String, AccountState> accounts,
    Store<String, LeadPart> accountLeads,
    Store<Bytes, byte[]> accountDecayIndex) {

  public static final String PROFILES = "leadscore-profiles";
  public static final String LEAD_STATE = "leadscore-lead-state";
  public static final String DECAY_INDEX = "leadscore-decay-index";
  /** Ids of the events a busy lead's state let go of within the deduplication window; named before it was that. */
  public static final String SPILLED_EVENT_IDS = "leadscore-event-ids";
  public static final String STAGE_GRADE_COUNTS = "leadscore-stage-grade-counts";
  public static final String STAGE_HISTORY = "leadscore-stage-history";
  public static final String RECENT_STAGE_CHANGES = "leadscore-recent-stage-changes";
  /** Each lead's sales status; written only when it changes, so a plain JSON serde does. */
  public static final String SALES_CYCLES = "leadscore-sales-cycles";
  /** Stage entries per day, direction and stage ({@link DailyCounts}). */
  public static final String STAGE_ENTRIES = "leadscore-stage-entries";
  /** MQLs routed per day and rep ({@link DailyCounts}). */
  public static final String MQLS_PER_REP = "leadscore-routing-daily";
  /** MQLs and their conversions per cohort: the effectiveness table. */
  public static final String EFFECTIVENESS = "leadscore-effectiveness";
  public static final String RECENT_MQLS = "leadscore-recent-mqls";
  public static final String SALES_REPS = "leadscore-sales-reps";
  public static final String ROUTING_WEIGHTS = "leadscore-routing-weights";
  public static final String ROUTING_LOAD = "leadscore-routing-load";
  public static final String ROUTING_OWNERS = "leadscore-routing-owners";
  public static final String ROUTING_OPEN = "leadscore-routing-open";
  public static final String ROUTING_OPEN_MQLS = "leadscore-routing-open-mqls";
  public static final String ROUTING_SLA_INDEX = "leadscore-routing-sla-index";
  /** MQLs no rep could take, by the time they were queued: offered again oldest first. */
  public static final String ROUTING_QUEUE = "leadscore-routing-queue";
  /** Queued MQLs by the time they pass the queue SLA. */
  public static final String ROUTING_QUEUE_SLA = "leadscore-routing-queue-sla";
  /** Each visitor, by visitor id: its anonymous activity until it is identified, then its lead. */
  public static final String VISITORS = "leadscore-visitors";
  /** Anonymous visitors by the time all their activity has passed the lookback. */
  public static final String VISITOR_FORGET_INDEX = "leadscore-visitor-forget-index";
  /** Each lead merged away, by its id: the lead it was merged into. */
  public static final String MERGED_LEADS = "leadscore-merged-leads";
  /**
   * Each survivor of a merge, by its id: the leads merged into it, which follow it when it is merged in turn. Written
   * once per merge, so a plain list does.
   */
  public static final String MERGED_FROM = "leadscore-merged-from";
  /** Each account, by domain: its firmographics and stage. */
  public static final String ACCOUNTS = "leadscore-accounts";
  /** Each lead's part in its account, keyed by the domain, a zero character and the lead id. */
  public static final String ACCOUNT_LEADS = "leadscore-account-leads";
  /** Accounts by the time decay takes them below their stage. */
  public static final String ACCOUNT_DECAY_INDEX = "leadscore-account-decay-index";

  /**
   * The plain key-value stores of the scoring processor; its lead state, decay index, profiles table and overflow ids
   * are built with settings of their own.
   */
  public List<Store<?, ?>> scorerKeyValueStores() {
    return List.of(stageGradeCounts, stageHistory, recentStageChanges, salesCycles, stageEntries);
  }

  /** Every store of the routing processor, all plain key-value stores. */
  public List<Store<?, ?>> routerStores() {
    return List.of(routingWeights, routingLoad, routingOwners, routingOpen, routingOpenMqls, routingSlaIndex,
        recentMqls, salesReps, routingQueue, routingQueueSla, mqlsPerRep);
  }

  /** The key of a lead's part in its account: the account's leads sort together, for a prefix scan. */
  public static String accountLeadKey(String domain, String leadId) {
    return accountLeadsPrefix(domain) + leadId;
  }

  private static String accountLeadsPrefix(String domain) {
    return domain + '\u0000';
  }

  /** Every lead's part in the account of {@code domain}, by lead id, read with one prefix scan. */
  public static Map<String, LeadPart> accountLeads(ReadOnlyKeyValueStore<String, LeadPart> store, String domain) {
    Map<String, LeadPart> leads = new LinkedHashMap<>();
    String prefix = accountLeadsPrefix(domain);
    try (KeyValueIterator<String, LeadPart> all = store.prefixScan(prefix, new StringSerializer())) {
      while (all.hasNext()) {
        KeyValue<String, LeadPart> part = all.next();
        leads.put(part.key.substring(prefix.length()), part.value);
      }
    }
    return leads;
  }

  /** Every store of the account processor. */
  public List<Store<?, ?>> accountStores() {
    return List.of(accounts, accountLeads, accountDecayIndex);
  }

  /** Every store of the visitor processor. */
  public List<Store<?, ?>> visitorStores() {
    return List.of(visitors, visitorForgetIndex);
  }

  public static LeadscoreStores with(LeadscoreTopics topics) {
    return new LeadscoreStores(
        new Store<>(PROFILES, topics.profiles().keySerde(), topics.profiles().valueSerde(),
            Shape.TIMESTAMPED_KEY_VALUE, false),
        // A busy lead's state is rewritten with each of its events; cached, once per commit.
        new Store<>(LEAD_STATE, Serdes.String(), new LeadStateSerde(), Shape.KEY_VALUE, true),
        new Store<>(DECAY_INDEX, Serdes.Bytes(), Serdes.ByteArray(), Shape.KEY_VALUE, false),
        new Store<>(SPILLED_EVENT_IDS, Serdes.String(), Serdes.Long(), Shape.WINDOW, false),
        // A handful of keys that every new lead and every stage change rewrites.
        new Store<>(STAGE_GRADE_COUNTS, Serdes.String(), Serdes.Long(), Shape.KEY_VALUE, true),
        new Store<>(STAGE_HISTORY, Serdes.String(), new JsonSerde<>(StageHistory.class), Shape.KEY_VALUE, false),
        new Store<>(RECENT_STAGE_CHANGES, Serdes.Long(), new JsonSerde<>(StageMove.class), Shape.KEY_VALUE, false),
        new Store<>(SALES_CYCLES, Serdes.String(), new JsonSerde<>(SalesCycle.class), Shape.KEY_VALUE, false),
        // A few keys a day that every stage change rewrites.
        new Store<>(STAGE_ENTRIES, Serdes.String(), Serdes.Long(), Shape.KEY_VALUE, true),
        new Store<>(MQLS_PER_REP, Serdes.String(), Serdes.Long(), Shape.KEY_VALUE, false),
        // Every MQL and conversion adds to the few cohorts of its rules version; cached, once per commit.
        new Store<>(EFFECTIVENESS, new JsonSerde<>(Cohort.class), new JsonSerde<>(Tally.class),
            Shape.TIMESTAMPED_KEY_VALUE, true),
        new Store<>(RECENT_MQLS, Serdes.Long(), new JsonSerde<>(RoutedMql.class), Shape.KEY_VALUE, false),
        new Store<>(SALES_REPS, Serdes.String(), topics.salesReps().valueSerde(), Shape.KEY_VALUE, false),
        new Store<>(ROUTING_WEIGHTS, Serdes.String(), Serdes.Integer(), Shape.KEY_VALUE, false),
        new Store<>(ROUTING_LOAD, Serdes.String(), new JsonSerde<>(StoreRoutingMemory.Load.class), Shape.KEY_VALUE,
            false),
        new Store<>(ROUTING_OWNERS, Serdes.String(), Serdes.String(), Shape.KEY_VALUE, false),
        new Store<>(ROUTING_OPEN, Serdes.String(), new JsonSerde<>(Assignment.class), Shape.KEY_VALUE, false),
        new Store<>(ROUTING_OPEN_MQLS, Serdes.String(), topics.mql().valueSerde(), Shape.KEY_VALUE, false),
        new Store<>(ROUTING_SLA_INDEX, Serdes.Bytes(), Serdes.ByteArray(), Shape.KEY_VALUE, false),
        new Store<>(ROUTING_QUEUE, Serdes.Bytes(), Serdes.ByteArray(), Shape.KEY_VALUE, false),
        new Store<>(ROUTING_QUEUE_SLA, Serdes.Bytes(), Serdes.ByteArray(), Shape.KEY_VALUE, false),
        // An anonymous visitor's every page view rewrites its kept activity; cached, once per commit.
        new Store<>(VISITORS, Serdes.String(), new JsonSerde<>(Visitor.class), Shape.KEY_VALUE, true),
        new Store<>(VISITOR_FORGET_INDEX, Serdes.Bytes(), Serdes.ByteArray(), Shape.KEY_VALUE, false),
        new Store<>(MERGED_LEADS, Serdes.String(), Serdes.String(), Shape.KEY_VALUE, false),
        new Store<>(MERGED_FROM, Serdes.String(), Serdes.ListSerde(ArrayList.class, Serdes.String()),
            Shape.KEY_VALUE, false),
        new Store<>(ACCOUNTS, Serdes.String(), new AccountStateSerde(), Shape.KEY_VALUE, false),
        // A busy lead's every event rewrites its part: cached, once per commit.
        new Store<>(ACCOUNT_LEADS, Serdes.String(), new LeadPartSerde(), Shape.KEY_VALUE, true),
        new Store<>(ACCOUNT_DECAY_INDEX, Serdes.Bytes(), Serdes.ByteArray(), Shape.KEY_VALUE, false));
  }
}
