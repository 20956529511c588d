package io.leadscore.topology;

import io.leadscore.account.AccountScoring;
import io.leadscore.account.AccountState;
import io.leadscore.account.LeadPart;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each account, keyed by domain, from its leads' changes, and publishes it at most once per {@link #PUBLISH_EVERY}
 * of wall-clock time however many of its leads changed meanwhile: a busy account costs one evaluation and one record
 * per period, not one per event of its leads. The store is cached, so its writes are coalesced per commit too. A time
 * index finds the accounts that decay takes below their stage with no new activity, as for leads.
 */
final class AccountScorer implements Processor<String, AccountChange, String, AccountOutcome> {

  static final Duration PUBLISH_EVERY = Duration.ofSeconds(1);

  private final AccountScoring scoring;
  private final Duration checkEvery;
  private final LeadscoreStores stores;
  /** Accounts changed since they were last published; rebuilt by the replay of input after a failure. */
  private final Set<String> changed = new LinkedHashSet<>();
  private ProcessorContext<String, AccountOutcome> context;
  private KeyValueStore<String, AccountState> accounts;
  private TimeIndex decayIndex;

  AccountScorer(AccountScoring scoring, Duration checkEvery, LeadscoreStores stores) {
    this.scoring = scoring;
    this.checkEvery = checkEvery;
    this.stores = stores;
  }

  @Override
  public void init(ProcessorContext<String, AccountOutcome> context) {
    this.context = context;
    this.accounts = context.getStateStore(stores.accounts().name());
    KeyValueStore<Bytes, byte[]> index = context.getStateStore(stores.accountDecayIndex().name());
    this.decayIndex = new TimeIndex(index);
    context.schedule(PUBLISH_EVERY, PunctuationType.WALL_CLOCK_TIME, this::publishChanged);
    context.schedule(checkEvery, PunctuationType.WALL_CLOCK_TIME, this::rescoreDecayDue);
  }

  @Override
  public void process(Record<String, AccountChange> record) {
    String domain = record.key();
    AccountState stored = accounts.get(domain);
    AccountState state = stored == null ? AccountState.NEW : stored;
    AccountChange change = record.value();
    state = state.withLead(change.leadId(), change.part());
    if (change.firmographics() != null) {
      state = state.withFirmographics(change.firmographics());
    }
    accounts.put(domain, state);
    changed.add(domain);
  }

  private void publishChanged(long now) {
    for (String domain : changed) {
      AccountState state = accounts.get(domain);
      if (state != null) {
        publish(domain, state, now, false);
      }
    }
    changed.clear();
  }

  private void rescoreDecayDue(long now) {
    for (TimeIndex.Due due : decayIndex.dueBy(now, LeadScorer.DECAY_BATCH)) {
      decayIndex.remove(due);
      AccountState state = accounts.get(due.id());
      if (state != null && Long.valueOf(due.time()).equals(state.decayDueAt())) {
        publish(due.id(), state, now, true);
      }
    }
  }

  /** An account with no lead left is deleted, with a tombstone for its score. */
  private void publish(String domain, AccountState state, long now, boolean byDecay) {
    if (state.leads().isEmpty()) {
      accounts.delete(domain);
      decayIndex.move(domain, state.decayDueAt(), null);
      context.forward(new Record<>(domain, new AccountOutcome(null, Optional.empty(), false), now));
      return;
    }
    long at = now;
    for (LeadPart part : state.leads().values()) {
      at = Math.max(at, part.at());
    }
    AccountScoring.Evaluation evaluation = scoring.evaluate(domain, state, at);
    AccountState after = evaluation.state();
    accounts.put(domain, after);
    decayIndex.move(domain, byDecay ? null : state.decayDueAt(), after.decayDueAt());
    context.forward(new Record<>(domain, new AccountOutcome(evaluation.card(), evaluation.transition(), byDecay),
        at));
  }
}
