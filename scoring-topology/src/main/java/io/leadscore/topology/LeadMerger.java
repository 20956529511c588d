package io.leadscore.topology;

import io.leadscore.avro.LeadMerge;
import io.leadscore.failures.InvalidInputException;
import io.leadscore.score.LeadState;
import io.leadscore.topology.LeadInput.ActivityInput;
import io.leadscore.topology.LeadInput.MergeInput;
import io.leadscore.topology.LeadInput.OutcomeInput;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies the CRM's lead merges before scoring, in the merged lead's task: hands the merged lead's state and stage
 * history over to the survivor, deletes them here, and from then on sends the merged id's activity to the survivor.
 * Every other input passes through to be scored. An outcome for a merged lead goes to the dead-letter topic (sales
 * works the survivor); its profile changes and promotion records are let go, as the lead no longer is one.
 *
 * <p>A lead merged in turn takes the leads merged into it along: each is sent a merge into the new survivor, naming
 * this lead as the one it came {@code via}, on the merges topic, as a task can send to another lead's task only
 * forward. That lead's task then sends its later activity to the new survivor, and tells it to take the lead along too
 * when it is merged in turn.
 */
final class LeadMerger implements Processor<String, LeadInput, String, LeadRoute> {

  private final LeadscoreStores stores;
  private ProcessorContext<String, LeadRoute> context;
  private KeyValueStore<String, String> mergedInto;
  private KeyValueStore<String, List<String>> mergedFrom;
  private KeyValueStore<String, LeadState> leads;
  private KeyValueStore<String, StageHistory> stageHistory;
  private TimeIndex decayIndex;
  private StageGradeCounter stageGradeCounts;
  private Serializer<LeadState> stateBytes;

  LeadMerger(LeadscoreStores stores) {
    this.stores = stores;
  }

  @Override
  public void init(ProcessorContext<String, LeadRoute> context) {
    this.context = context;
    this.mergedInto = context.getStateStore(stores.mergedLeads().name());
    this.mergedFrom = context.getStateStore(stores.mergedFrom().name());
    this.leads = context.getStateStore(stores.leadState().name());
    this.stageHistory = context.getStateStore(stores.stageHistory().name());
    KeyValueStore<Bytes, byte[]> index = context.getStateStore(stores.decayIndex().name());
    this.decayIndex = new TimeIndex(index);
    this.stageGradeCounts = new StageGradeCounter(context.getStateStore(stores.stageGradeCounts().name()));
    this.stateBytes = stores.leadState().valueSerde().serializer();
  }

  @Override
  public void process(Record<String, LeadInput> record) {
    String leadId = record.key();
    if (record.value() instanceof MergeInput input) {
      merge(leadId, input.merge(), record);
      return;
    }
    String survivor = mergedInto.get(leadId);
    if (survivor == null) {
      context.forward(record.withValue(new LeadRoute.Local(record.value())));
    } else if (record.value() instanceof ActivityInput input) {
      context.forward(record.withKey(survivor).withValue(new LeadRoute.Transfer(
          new LeadTransfer.Credit(leadId, false, List.of(input.activity().of(survivor))))));
    } else if (record.value() instanceof OutcomeInput) {
      throw new InvalidInputException("lead " + InvalidInputException.quote(leadId) + " was merged into lead "
          + InvalidInputException.quote(survivor) + ": report the outcome for that lead");
    }
  }

  private void merge(String mergedId, LeadMerge merge, Record<String, LeadInput> record) {
    String survivor = merge.getSurvivorId();
    if (survivor.equals(mergedId)) {
      throw new InvalidInputException("lead " + InvalidInputException.quote(mergedId) + " cannot be merged into itself");
    }
    String earlier = mergedInto.get(mergedId);
    if (earlier != null && earlier.equals(survivor)) {
      return;
    }
    if (merge.getVia() != null) {
      follow(mergedId, merge, earlier, record);
      return;
    }
    if (earlier != null) {
      throw new InvalidInputException("lead " + InvalidInputException.quote(mergedId) + " was merged into lead "
          + InvalidInputException.quote(earlier) + " already");
    }
    LeadState state = leads.get(mergedId);
    StageHistory history = stageHistory.get(mergedId);
    context.forward(record.withKey(survivor).withValue(new LeadRoute.Transfer(new LeadTransfer.Handover(mergedId,
        state == null ? null : stateBytes.serialize(stores.leadState().name(), state), history))));
    if (state != null) {
      leads.delete(mergedId);
      decayIndex.move(mergedId, state.decayCheck(), null);
      stageGradeCounts.moved(state, null);
      context.forward(record.withValue(new LeadRoute.Deleted(state.fit() == null ? null : state.fit().account())));
    }
    if (history != null) {
      stageHistory.delete(mergedId);
    }
    mergedInto.put(mergedId, survivor);
    List<String> followers = mergedFrom.get(mergedId);
    if (followers != null) {
      for (String follower : followers) {
        context.forward(record.withKey(follower).withValue(new LeadRoute.Remerge(LeadMerge.newBuilder()
            .setMergedId(follower).setSurvivorId(survivor).setMergedAt(merge.getMergedAt()).setVia(mergedId)
            .build())));
      }
      mergedFrom.delete(mergedId);
    }
  }

  /**
   * A lead merged earlier follows the lead it was merged into ({@code via}) to that lead's survivor. Its history is
   * there already; the survivor only learns to take it along in turn.
   */
  private void follow(String mergedId, LeadMerge merge, String earlier, Record<String, LeadInput> record) {
    if (!merge.getVia().equals(earlier)) {
      throw new InvalidInputException("lead " + InvalidInputException.quote(mergedId) + " cannot follow lead "
          + InvalidInputException.quote(merge.getVia()) + " into lead " + InvalidInputException.quote(
          merge.getSurvivorId()) + ": it was " + (earlier == null ? "never merged"
          : "merged into lead " + InvalidInputException.quote(earlier)));
    }
    mergedInto.put(mergedId, merge.getSurvivorId());
    context.forward(record.withKey(merge.getSurvivorId()).withValue(new LeadRoute.Transfer(
        new LeadTransfer.Handover(mergedId, null, null))));
  }
}
