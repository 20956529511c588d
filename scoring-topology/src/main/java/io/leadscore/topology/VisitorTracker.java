package io.leadscore.topology;

import io.leadscore.avro.Identification;
import io.leadscore.failures.InvalidInputException;
import io.leadscore.identity.Identities;
import io.leadscore.identity.Visitor;
import io.leadscore.topology.VisitorInput.AnonymousInput;
import io.leadscore.topology.VisitorInput.IdentificationInput;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each visitor, keyed by visitor id: its anonymous activity until it is identified, then the lead it is. What a
 * visitor's input credits to a lead is forwarded keyed by the lead, to be repartitioned to the lead's scorer. A
 * visitor identified as a second lead goes to the dead-letter topic with the reason. Anonymous visitors whose activity
 * has all passed the lookback window are forgotten by a wall-clock punctuation over a time index.
 */
final class VisitorTracker implements Processor<String, VisitorInput, String, LeadTransfer> {

  private final Identities identities;
  private final Duration checkEvery;
  private final LeadscoreStores stores;
  private ProcessorContext<String, LeadTransfer> context;
  private KeyValueStore<String, Visitor> visitors;
  private TimeIndex forgetIndex;

  VisitorTracker(Identities identities, Duration checkEvery, LeadscoreStores stores) {
    this.identities = identities;
    this.checkEvery = checkEvery;
    this.stores = stores;
  }

  @Override
  public void init(ProcessorContext<String, LeadTransfer> context) {
    this.context = context;
    this.visitors = context.getStateStore(stores.visitors().name());
    KeyValueStore<Bytes, byte[]> index = context.getStateStore(stores.visitorForgetIndex().name());
    this.forgetIndex = new TimeIndex(index);
    context.schedule(checkEvery, PunctuationType.WALL_CLOCK_TIME, this::forgetDue);
  }

  @Override
  public void process(Record<String, VisitorInput> record) {
    String visitorId = record.key();
    Visitor visitor = visitors.get(visitorId);
    Visitor before = visitor == null ? Visitor.UNKNOWN : visitor;
    Identities.Step step;
    if (record.value() instanceof AnonymousInput input) {
      step = identities.onActivity(before, input.activity());
    } else {
      Identification identification = ((IdentificationInput) record.value()).identification();
      step = identities.onIdentified(before, identification.getLeadId(),
          identification.getIdentifiedAt().toEpochMilli());
    }
    if (step instanceof Identities.Conflict conflict) {
      throw new InvalidInputException(conflict.reason());
    }
    if (step instanceof Identities.Kept kept) {
      save(visitorId, before, kept.visitor());
    } else if (step instanceof Identities.Credit credit) {
      save(visitorId, before, credit.visitor());
      if (!credit.activities().isEmpty()) {
        context.forward(record.withKey(credit.leadId()).withValue(
            new LeadTransfer.Credit(visitorId, credit.beforeIdentification(), credit.activities())));
      }
    }
  }

  private void save(String visitorId, Visitor before, Visitor after) {
    if (!after.equals(before)) {
      visitors.put(visitorId, after);
      forgetIndex.move(visitorId, identities.forgetAt(before), identities.forgetAt(after));
    }
  }

  private void forgetDue(long now) {
    for (TimeIndex.Due due : forgetIndex.dueBy(now, LeadScorer.DECAY_BATCH)) {
      forgetIndex.remove(due);
      Visitor visitor = visitors.get(due.id());
      if (visitor != null && Long.valueOf(due.time()).equals(identities.forgetAt(visitor))) {
        visitors.delete(due.id());
      }
    }
  }
}
