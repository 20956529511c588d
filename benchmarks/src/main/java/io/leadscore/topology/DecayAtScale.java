package io.leadscore.topology;

import io.leadscore.avro.LeadProfile;
import io.leadscore.rules.Attributes;
import io.leadscore.rules.RulesLoader;
import io.leadscore.score.Activity;
import io.leadscore.score.LeadScoring;
import io.leadscore.score.LeadState;
import io.leadscore.score.Scored;
import io.leadscore.serde.AvroSerdes;
import io.leadscore.serde.JsonSerde;
import io.leadscore.serde.LeadStateSerde;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The decay punctuation of the real scoring processor over RocksDB stores holding N leads, of which the same number
 * are due to drop a stage in every round: its duration should follow the leads due, not the leads stored.
 */
public final class DecayAtScale implements AutoCloseable {

  /** One round's measurement: how long the punctuation took and how many stage changes it made. */
  public record Round(double millis, int stageChanges) {
  }

  private static final int BATCH = 10_000;

  private final LeadScoring scoring = new LeadScoring(RulesLoader.loadDefault());
  private final MockProcessorContext<String, ScoringOutcome> context;
  private final KeyValueStore<String, LeadState> leads;
  private final TimeIndex index;
  private final List<StateStore> stores = new ArrayList<>();
  private final LeadScorer scorer;
  private final LeadState template;
  private final long now = System.currentTimeMillis();
  private final int stored;

  /** Fills fresh stores under {@code dir} with {@code leads} hot leads whose decay is due in the future. */
  public DecayAtScale(Path dir, int leads, PrintStream progress) {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "decay-at-scale");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    context = new MockProcessorContext<>(config, new TaskId(0, 0), new File(dir.toFile(), "task"));
    this.leads = add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScoringTopology.LEAD_STATE_STORE),
        Serdes.String(), new LeadStateSerde()).withLoggingDisabled().build());
    KeyValueStore<Bytes, byte[]> decayIndex = add(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(ScoringTopology.DECAY_INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray())
        .withLoggingDisabled().build());
    this.index = new TimeIndex(decayIndex);
    TimestampedKeyValueStore<String, LeadProfile> profiles = Stores.timestampedKeyValueStoreBuilder(
        Stores.persistentTimestampedKeyValueStore(ScoringTopology.PROFILES_STORE), Serdes.String(),
        AvroSerdes.inMemory("decay-at-scale").valueSerde(LeadProfile.class)).withLoggingDisabled().build();
    profiles.init(context.getStateStoreContext(), profiles);
    context.addStateStore(profiles);
    stores.add(profiles);
    add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScoringTopology.STAGE_GRADE_COUNTS_STORE),
        Serdes.String(), Serdes.Long()).withLoggingDisabled().build());
    add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScoringTopology.STAGE_HISTORY_STORE),
        Serdes.String(), new JsonSerde<>(StageHistory.class)).withLoggingDisabled().build());
    add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScoringTopology.RECENT_STAGE_CHANGES_STORE),
        Serdes.Long(), new JsonSerde<>(StageMove.class)).withLoggingDisabled().build());
    WindowStore<String, Long> spilled = Stores.windowStoreBuilder(StoreKind.PERSISTENT.window(
        ScoringTopology.DEDUP_STORE, scoring.rules().input().deduplicationWindow()), Serdes.String(), Serdes.Long())
        .withLoggingDisabled().build();
    spilled.init(context.getStateStoreContext(), spilled);
    context.addStateStore(spilled);
    stores.add(spilled);

    // Two demo requests 25 days ago: a hot lead at 80 points that decay takes below hot's exit of 50 after 20 days.
    long then = now - Duration.ofDays(25).toMillis();
    LeadState state = scoring.refit(scoring.newLead(), null);
    for (int i = 0; i < 2; i++) {
      Activity demoRequest = new Activity("e" + i, "template", "web", "form_submit", then + i,
          Attributes.builder().put("formId", "demo-request").build());
      state = scoring.onActivity("template", state, demoRequest).map(Scored::state).orElseThrow();
    }
    template = state;

    this.stored = leads;
    List<KeyValue<String, LeadState>> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < leads; i++) {
      String lead = leadId(i);
      // Not due for a year: stored, indexed, and never read by a punctuation here.
      long due = now + Duration.ofDays(365).toMillis() + i;
      batch.add(KeyValue.pair(lead, withDue(due)));
      index.move(lead, null, due);
      if (batch.size() == BATCH) {
        this.leads.putAll(batch);
        batch.clear();
      }
      if ((i + 1) % 1_000_000 == 0) {
        progress.printf("    stored %,d of %,d leads%n", i + 1, leads);
      }
    }
    this.leads.putAll(batch);
    scorer = new LeadScorer(scoring, new LeadScorer.ScorerStores(ScoringTopology.LEAD_STATE_STORE,
        ScoringTopology.DECAY_INDEX_STORE, ScoringTopology.PROFILES_STORE, ScoringTopology.STAGE_GRADE_COUNTS_STORE,
        ScoringTopology.STAGE_HISTORY_STORE, ScoringTopology.RECENT_STAGE_CHANGES_STORE, ScoringTopology.DEDUP_STORE));
    scorer.init(context);
  }

  private <S extends KeyValueStore<?, ?>> S add(S store) {
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    stores.add(store);
    return store;
  }

  private static String leadId(int i) {
    return String.format("lead-%08d", i);
  }

  private LeadState withDue(long due) {
    return new LeadState(template.stage(), template.engagement(), template.evaluatedAt(), due, template.grade(), due,
        template.fit(), template.published());
  }

  /** Makes {@code due} of the stored leads due now, runs one punctuation, and times it. */
  public Round round(int due, int round) {
    for (int i = 0; i < due; i++) {
      String lead = leadId((int) ((long) (round * due + i) * 7919 % stored));
      LeadState before = leads.get(lead);
      long dueAt = now - 1_000 - i;
      leads.put(lead, withDue(dueAt));
      index.move(lead, before.decayCheck(), dueAt);
    }
    context.resetForwards();
    long started = System.nanoTime();
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
    double millis = (System.nanoTime() - started) / 1e6;
    int changes = (int) context.forwarded().stream().filter(f -> f.record().value().transition().isPresent()).count();
    return new Round(millis, changes);
  }

  public static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  @Override
  public void close() {
    stores.forEach(StateStore::close);
  }
}
