package io.leadscore.topology;

import io.leadscore.account.AccountScoring;
import io.leadscore.account.AccountState;
import io.leadscore.account.LeadPart;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each account, keyed by domain, from its leads' changes, and publishes it at most once per
 * {@code accounts.publishEvery} of wall-clock time however many of its leads changed meanwhile: a lead's change costs
 * one small write of its part (cached, so once per commit for a busy lead), and a busy account one evaluation and one
 * record per period, which reads its leads' parts once. A time index finds the accounts that decay takes below their
 * stage with no new activity, as for leads.
 */
final class AccountScorer implements Processor<String, AccountChange, String, AccountOutcome> {

  private final AccountScoring scoring;
  private final Duration checkEvery;
  private final LeadscoreStores stores;
  /** Accounts changed since they were last published; rebuilt by the replay of input after a failure. */
  private final Set<String> changed = new LinkedHashSet<>();
  private ProcessorContext<String, AccountOutcome> context;
  private KeyValueStore<String, AccountState> accounts;
  private KeyValueStore<String, LeadPart> parts;
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
    this.parts = context.getStateStore(stores.accountLeads().name());
    KeyValueStore<Bytes, byte[]> index = context.getStateStore(stores.accountDecayIndex().name());
    this.decayIndex = new TimeIndex(index);
    context.schedule(scoring.rules().publishEvery(), PunctuationType.WALL_CLOCK_TIME, this::publishChanged);
    context.schedule(checkEvery, PunctuationType.WALL_CLOCK_TIME, this::rescoreDecayDue);
  }

  @Override
  public void process(Record<String, AccountChange> record) {
    String domain = record.key();
    AccountChange change = record.value();
    String key = LeadscoreStores.accountLeadKey(domain, change.leadId());
    if (change.part() == null) {
      parts.delete(key);
    } else {
      parts.put(key, change.part());
    }
    if (change.firmographics() != null) {
      AccountState stored = accounts.get(domain);
      // Leads of one company mostly agree on it: most profiles change nothing here.
      if (stored == null || !stored.firmographics().equals(change.firmographics())) {
        accounts.put(domain, (stored == null ? AccountState.NEW : stored).withFirmographics(change.firmographics()));
      }
    }
    changed.add(domain);
  }

  private void publishChanged(long now) {
    for (String domain : changed) {
      publish(domain, now, false);
    }
    changed.clear();
  }

  private void rescoreDecayDue(long now) {
    for (TimeIndex.Due due : decayIndex.dueBy(now, LeadScorer.DECAY_BATCH)) {
      decayIndex.remove(due);
      AccountState state = accounts.get(due.id());
      if (state != null && Long.valueOf(due.time()).equals(state.decayDueAt())) {
        publish(due.id(), now, true);
      }
    }
  }

  /** An account with no lead left is deleted, with a tombstone for its score. */
  private void publish(String domain, long now, boolean byDecay) {
    AccountState stored = accounts.get(domain);
    AccountState state = stored == null ? AccountState.NEW : stored;
    Map<String, LeadPart> leads = LeadscoreStores.accountLeads(parts, domain);
    if (leads.isEmpty()) {
      if (stored != null) {
        accounts.delete(domain);
        decayIndex.move(domain, byDecay ? null : stored.decayDueAt(), null);
        context.forward(new Record<>(domain, new AccountOutcome(null, Optional.empty(), false), now));
      }
      return;
    }
    long at = now;
    for (LeadPart part : leads.values()) {
      at = Math.max(at, part.at());
    }
    AccountScoring.Evaluation evaluation = scoring.evaluate(domain, state.withLeads(leads), at);
    AccountState after = evaluation.state().withoutLeads();
    accounts.put(domain, after);
    decayIndex.move(domain, byDecay ? null : state.decayDueAt(), after.decayDueAt());
    context.forward(new Record<>(domain, new AccountOutcome(evaluation.card(), evaluation.transition(), byDecay),
        at));
  }
}
