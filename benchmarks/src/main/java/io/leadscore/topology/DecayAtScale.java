package io.leadscore.topology;

import io.leadscore.rules.Attributes;
import io.leadscore.rules.RulesLoader;
import io.leadscore.score.Activity;
import io.leadscore.score.LeadScoring;
import io.leadscore.score.LeadState;
import io.leadscore.score.Scored;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

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
  private final MockTask<String, ScoringOutcome> task;
  private final MockProcessorContext<String, ScoringOutcome> context;
  private final KeyValueStore<String, LeadState> leads;
  private final TimeIndex index;
  private final LeadScorer scorer;
  private final LeadState template;
  private final long now = System.currentTimeMillis();
  private final int stored;

  /** Fills fresh stores under {@code dir} with {@code leads} hot leads whose decay is due in the future. */
  public DecayAtScale(Path dir, int leads, PrintStream progress) {
    task = new MockTask<>(dir, "decay-at-scale", new TaskId(0, 0));
    context = task.context;
    LeadscoreStores catalog = task.catalog;
    this.leads = task.add(catalog.leadState().keyValue(StoreKind.PERSISTENT).withCachingDisabled()
        .withLoggingDisabled().build());
    this.index = new TimeIndex(task.add(catalog.decayIndex().keyValue(StoreKind.PERSISTENT).withLoggingDisabled()
        .build()));
    task.add(Stores.timestampedKeyValueStoreBuilder(StoreKind.PERSISTENT.table(LeadscoreStores.PROFILES),
        catalog.profiles().keySerde(), catalog.profiles().valueSerde()).withLoggingDisabled().build());
    catalog.scorerKeyValueStores().forEach(task::add);
    task.add(catalog.spilledEventIds().window(StoreKind.PERSISTENT,
            SpilledEventIds.retention(scoring.rules().input().deduplicationWindow()))
        .withLoggingDisabled().build());

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
    scorer = new LeadScorer(scoring, catalog, true);
    scorer.init(context);
  }

  private static String leadId(int i) {
    return String.format("lead-%08d", i);
  }

  private LeadState withDue(long due) {
    return new LeadState(template.stage(), template.engagement(), template.evaluatedAt(), due, template.grade(), due,
        template.fit(), template.published(), template.awaitingOutcome());
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
    task.close();
  }
}
