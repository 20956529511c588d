package io.leadscore.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.account.AccountCard;
import io.leadscore.account.AccountScoring;
import io.leadscore.account.AccountState;
import io.leadscore.account.LeadPart;
import io.leadscore.avro.LeadProfile;
import io.leadscore.lifecycle.Cohort;
import io.leadscore.lifecycle.SalesCycle;
import io.leadscore.lifecycle.Tally;
import io.leadscore.rules.ScoringRules;
import io.leadscore.score.LeadScoring;
import io.leadscore.score.LeadState;
import io.leadscore.topology.DailyCounts;
import io.leadscore.topology.LeadscoreStores;
import io.leadscore.topology.ProfileMapper;
import io.leadscore.topology.RecentLog;
import io.leadscore.topology.RoutedMql;
import io.leadscore.topology.StageGradeCounts;
import io.leadscore.topology.StageHistory;
import io.leadscore.topology.StageMove;
import io.leadscore.topology.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Answers questions about leads from the app's state stores. A lead held by another instance is fetched from that
 * instance's API, found through Kafka Streams' metadata ({@code application.server} names each instance's API).
 */
public final class LeadQueries {

  /** A lead's explanation, as JSON from another instance or as an object from here. */
  public sealed interface Answer {
  }

  public record Local(LeadExplanation explanation) implements Answer {
  }

  public record Remote(String json) implements Answer {
  }

  /** The lead was merged into another, which has its history. */
  public record Merged(String leadId, String mergedInto) implements Answer {
  }

  private final KafkaStreams streams;
  private final LeadscoreStores stores;
  private final LeadScoring scoring;
  private final AccountScoring accounts;
  private final HostInfo self;
  private final Clock clock;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public LeadQueries(KafkaStreams streams, LeadscoreStores stores, LeadScoring scoring, HostInfo self, Clock clock) {
    this.streams = streams;
    this.stores = stores;
    this.scoring = scoring;
    ScoringRules rules = scoring.rules();
    this.accounts = new AccountScoring(rules.accounts(), rules.engagement().decay(), rules.engagement().floor());
    this.self = self;
    this.clock = clock;
  }

  public Optional<Answer> lead(String leadId, String authorization) throws Exception {
    KeyQueryMetadata metadata = streams.queryMetadataForKey(stores.leadState().name(), leadId,
        Serdes.String().serializer());
    if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE) {
      throw new IllegalStateException("lead state is not available yet: the app is starting or rebalancing");
    }
    if (!metadata.activeHost().equals(self)) {
      return remote(metadata.activeHost(), leadId, authorization);
    }
    LeadState state = leadStates().get(leadId);
    if (state == null) {
      String survivor = localStore(stores.mergedLeads()).get(leadId);
      return survivor == null ? Optional.empty() : Optional.of(new Merged(leadId, survivor));
    }
    if (scoring.needsFit(state)) {
      ValueAndTimestamp<LeadProfile> profile = profiles().get(leadId);
      state = scoring.refit(state, profile == null ? null : ProfileMapper.attributes(profile.value()));
    }
    StageHistory history = localStore(stores.stageHistory()).get(leadId);
    SalesCycle cycle = localStore(stores.salesCycles()).get(leadId);
    long now = clock.millis();
    return Optional.of(new Local(LeadExplanation.of(scoring.explain(leadId, state, now),
        history == null ? List.of() : history.moves(),
        SalesStatusView.of(cycle == null ? SalesCycle.PROSPECT : cycle, now), state.fit().account())));
  }

  /** Leads of an account explained one by one; the rest are listed with their parts only. */
  static final int ACCOUNT_LEADS_EXPLAINED = 20;

  /**
   * The account of {@code domain} now, from the instance that holds it, with the explanations of its most engaged
   * leads, fetched wherever they are held. Empty for an unknown account, or when the rules score no accounts.
   */
  public Optional<JsonNode> account(String domain, String authorization) throws Exception {
    if (!accounts.rules().enabled()) {
      return Optional.empty();
    }
    KeyQueryMetadata metadata = streams.queryMetadataForKey(stores.accounts().name(), domain,
        Serdes.String().serializer());
    if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE) {
      throw new IllegalStateException("accounts are not available yet: the app is starting or rebalancing");
    }
    if (!metadata.activeHost().equals(self)) {
      HttpResponse<String> response = send(metadata.activeHost(), "/api/accounts/" + domain, authorization);
      return response.statusCode() == 404 ? Optional.empty()
          : Optional.of(JSON.readTree(ok(metadata.activeHost(), response)));
    }
    AccountState stored = localStore(stores.accounts()).get(domain);
    Map<String, LeadPart> parts = LeadscoreStores.accountLeads(localStore(stores.accountLeads()), domain);
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    AccountState state = (stored == null ? AccountState.NEW : stored).withLeads(parts);
    long now = clock.millis();
    for (LeadPart part : state.leads().values()) {
      now = Math.max(now, part.at());
    }
    AccountCard card = accounts.evaluate(domain, state, now).card();
    List<AccountView.Lead> leads = new ArrayList<>(card.leads().size());
    for (AccountCard.Contributor lead : card.leads()) {
      JsonNode explanation = leads.size() < ACCOUNT_LEADS_EXPLAINED ? explanation(lead.leadId(), authorization) : null;
      leads.add(new AccountView.Lead(lead.leadId(), lead.engagement(), lead.counted(), lead.role(),
          lead.lastActivityAt() == null ? null : Instant.ofEpochMilli(lead.lastActivityAt()).toString(),
          explanation));
    }
    return Optional.of(JSON.valueToTree(AccountView.of(card, leads)));
  }

  private JsonNode explanation(String leadId, String authorization) throws Exception {
    Optional<Answer> answer = lead(leadId, authorization);
    if (answer.isEmpty()) {
      return null;
    }
    if (answer.get() instanceof Remote remote) {
      return JSON.readTree(remote.json());
    }
    return answer.get() instanceof Local local ? JSON.valueToTree(local.explanation())
        : JSON.valueToTree(answer.get());
  }

  private Optional<Answer> remote(HostInfo host, String leadId, String authorization) throws Exception {
    HttpResponse<String> response = send(host, "/api/leads/" + leadId, authorization);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(new Remote(ok(host, response)));
  }

  /**
   * Leads per stage and grade: this instance's tasks, plus every other instance's when {@code everywhere} (each
   * instance counts the leads of the partitions it holds).
   */
  public Map<String, Map<String, Long>> distribution(boolean everywhere, String authorization) throws Exception {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    for (JsonNode part : gather(stores.stageGradeCounts().name(), "/api/distribution?local=true",
        everywhere, authorization, () -> JSON.valueToTree(localDistribution()))) {
      part.fields().forEachRemaining(stage -> stage.getValue().fields().forEachRemaining(
          grade -> StageGradeCounts.add(counts, stage.getKey() + "/" + grade.getKey(), grade.getValue().asLong())));
    }
    return counts;
  }

  /** Leads per stage and grade in this instance's tasks; the gauges of leads in store read it on each scrape. */
  public Map<String, Map<String, Long>> localDistribution() {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    ReadOnlyKeyValueStore<String, Long> store = localStore(stores.stageGradeCounts());
    try (KeyValueIterator<String, Long> all = store.all()) {
      all.forEachRemaining(entry -> StageGradeCounts.add(counts, entry.key, entry.value));
    }
    return counts;
  }

  /**
   * MQLs and their conversions per cohort, from every instance that holds part of the table when {@code everywhere}
   * (each cohort lives in one partition, so the parts are merged by adding).
   */
  public Map<Cohort, Tally> effectiveness(boolean everywhere, String authorization) throws Exception {
    Map<Cohort, Tally> tallies = new HashMap<>();
    for (JsonNode part : gather(stores.effectiveness().name(), "/api/effectiveness/tallies", everywhere,
        authorization, () -> JSON.valueToTree(localEffectiveness()))) {
      for (JsonNode entry : part) {
        CohortTally tally = JSON.treeToValue(entry, CohortTally.class);
        tallies.merge(tally.cohort(), tally.tally(), Tally::plus);
      }
    }
    return tallies;
  }

  /** This instance's part of the effectiveness table. */
  public List<CohortTally> localEffectiveness() {
    List<CohortTally> tallies = new ArrayList<>();
    try (KeyValueIterator<Cohort, Tally> all = localStore(stores.effectiveness()).all()) {
      all.forEachRemaining(entry -> tallies.add(new CohortTally(entry.key, entry.value)));
    }
    return tallies;
  }

  /** Stage entries and MQLs per rep from day {@code from} to day {@code to}, gathered from every instance. */
  public DailyActivity daily(LocalDate from, LocalDate to, String authorization) throws Exception {
    return DailyActivity.of(from, to,
        dailyCounts(stores.stageEntries(), "/api/daily/stage-entries", from, to, authorization),
        dailyCounts(stores.mqlsPerRep(), "/api/daily/mqls-per-rep", from, to, authorization));
  }

  /** This instance's stage entries per {@code direction|stage} and day. */
  public Map<String, Map<String, Long>> localStageEntries(LocalDate from, LocalDate to) {
    return DailyCounts.read(localStore(stores.stageEntries()), from, to);
  }

  /** This instance's MQLs per rep and day: all of them where the routing task runs, none elsewhere. */
  public Map<String, Map<String, Long>> localMqlsPerRep(LocalDate from, LocalDate to) {
    return DailyCounts.read(localStore(stores.mqlsPerRep()), from, to);
  }

  private Map<String, Map<String, Long>> dailyCounts(Store<String, Long> store, String path, LocalDate from,
      LocalDate to, String authorization) throws Exception {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    for (JsonNode part : gather(store.name(), path + "?from=" + from + "&to=" + to, true, authorization,
        () -> JSON.valueToTree(DailyCounts.read(localStore(store), from, to)))) {
      part.fields().forEachRemaining(name -> name.getValue().fields().forEachRemaining(day ->
          counts.computeIfAbsent(name.getKey(), n -> new TreeMap<>()).merge(day.getKey(), day.getValue().asLong(),
              Long::sum)));
    }
    return counts;
  }

  /** The most recent stage changes, newest first: of this instance's tasks, or of all instances when {@code everywhere}. */
  public List<StageMove> recentStageChanges(int limit, boolean everywhere, String authorization) throws Exception {
    return newest(stores.recentStageChanges(), "/api/stage-changes", StageMove.class,
        StageMove::at, limit, everywhere, authorization);
  }

  /** The most recent routing decisions for MQLs, newest first. */
  public List<RoutedMql> recentMqls(int limit, boolean everywhere, String authorization) throws Exception {
    return newest(stores.recentMqls(), "/api/mqls", RoutedMql.class, RoutedMql::at, limit,
        everywhere, authorization);
  }

  private <T> List<T> newest(Store<Long, T> log, String path, Class<T> type, Function<T, String> at, int limit,
      boolean everywhere, String authorization) throws Exception {
    List<T> entries = new ArrayList<>();
    for (JsonNode part : gather(log.name(), path + "?local=true&limit=" + limit, everywhere, authorization,
        () -> JSON.valueToTree(RecentLog.newest(localStore(log), limit)))) {
      for (JsonNode entry : part) {
        entries.add(JSON.treeToValue(entry, type));
      }
    }
    entries.sort(Comparator.comparing((T entry) -> Instant.parse(at.apply(entry))).reversed());
    return entries.size() > limit ? entries.subList(0, limit) : entries;
  }

  /**
   * One answer from each instance holding active tasks with {@code storeName}: this one's from {@code local}, the
   * others' from their API at {@code path}. Only this instance's answer unless {@code everywhere}.
   */
  private List<JsonNode> gather(String storeName, String path, boolean everywhere, String authorization,
      Callable<JsonNode> local) throws Exception {
    if (!everywhere) {
      return List.of(local.call());
    }
    List<JsonNode> parts = new ArrayList<>();
    for (StreamsMetadata client : streams.streamsMetadataForStore(storeName)) {
      if (!client.stateStoreNames().contains(storeName)) {
        continue;
      }
      parts.add(client.hostInfo().equals(self) ? local.call()
          : JSON.readTree(ok(client.hostInfo(), send(client.hostInfo(), path, authorization))));
    }
    return parts;
  }

  private HttpResponse<String> send(HostInfo host, String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://" + host.host() + ":" + host.port() + path)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String ok(HostInfo host, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException("instance " + host + " answered " + response.statusCode() + " for "
          + response.uri().getPath());
    }
    return response.body();
  }

  private ReadOnlyKeyValueStore<String, LeadState> leadStates() {
    return localStore(stores.leadState());
  }

  private <K, V> ReadOnlyKeyValueStore<K, V> localStore(Store<K, V> store) {
    return streams.store(StoreQueryParameters.fromNameAndType(store.name(), store.keyValueQuery()));
  }

  private ReadOnlyKeyValueStore<String, ValueAndTimestamp<LeadProfile>> profiles() {
    return streams.store(StoreQueryParameters.fromNameAndType(stores.profiles().name(),
        stores.profiles().timestampedQuery()));
  }
}
