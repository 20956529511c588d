package io.leadscore.topology;

import io.leadscore.avro.LeadProfile;
import io.leadscore.score.LeadScoring;
import io.leadscore.score.LeadState;
import io.leadscore.score.Scored;
import io.leadscore.score.SalesOutcome;
import io.leadscore.topology.LeadInput.ActivityInput;
import io.leadscore.topology.LeadInput.OutcomeInput;
import io.leadscore.topology.LeadInput.ProfileInput;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keeps each lead's state and rescores it on activity, on a profile change, on a CRM outcome, and when decay is due. A wall-clock
 * punctuation reads only the decay index entries that are due, so its cost follows the leads that change stage, not the
 * leads stored.
 */
final class LeadScorer implements Processor<String, LeadInput, String, ScoringOutcome> {

  /** Leads handled per punctuation; the rest wait for the next one, so one punctuation cannot stall the task. */
  static final int DECAY_BATCH = 10_000;

  /** Moves kept per task for the API's feed of recent stage changes. */
  static final int RECENT_MOVES = 100;

  /** Names of the stores the scorer uses. */
  record ScorerStores(String leads, String decayIndex, String profiles, String stageGradeCounts,
      String stageHistory, String recentMoves) {
  }

  private final LeadScoring scoring;
  private final Duration checkEvery;
  private final ScorerStores names;
  private KeyValueStore<String, Long> stageGradeCounts;
  private KeyValueStore<String, StageHistory> stageHistory;
  private RecentLog<StageMove> recentMoves;
  private ProcessorContext<String, ScoringOutcome> context;
  private KeyValueStore<String, LeadState> leads;
  private TimestampedKeyValueStore<String, LeadProfile> profiles;
  private TimeIndex decayIndex;
  private ScoringSensors sensors;

  LeadScorer(LeadScoring scoring, ScorerStores names) {
    this.scoring = scoring;
    this.checkEvery = scoring.rules().engagement().decay().checkEvery();
    this.names = names;
  }

  @Override
  public void init(ProcessorContext<String, ScoringOutcome> context) {
    this.context = context;
    this.leads = context.getStateStore(names.leads());
    this.profiles = context.getStateStore(names.profiles());
    this.stageGradeCounts = context.getStateStore(names.stageGradeCounts());
    this.stageHistory = context.getStateStore(names.stageHistory());
    this.recentMoves = new RecentLog<>(context.getStateStore(names.recentMoves()), RECENT_MOVES);
    KeyValueStore<Bytes, byte[]> index = context.getStateStore(names.decayIndex());
    this.decayIndex = new TimeIndex(index);
    this.sensors = new ScoringSensors(context.metrics(), context.taskId().toString());
    context.schedule(checkEvery, PunctuationType.WALL_CLOCK_TIME, this::rescoreDecayDue);
  }

  @Override
  public void process(Record<String, LeadInput> record) {
    String leadId = record.key();
    LeadState state = stateOf(leadId);
    if (record.value() instanceof ActivityInput input) {
      LeadProfile profile = profileOf(leadId);
      scoring.onActivity(leadId, state, input.activity(), ProfileMapper.attributes(profile))
          .ifPresent(scored -> {
            sensors.eventScored();
            save(leadId, state, scored, profile, record.timestamp());
          });
    } else if (record.value() instanceof ProfileInput input) {
      Scored scored = scoring.onProfile(leadId, state, ProfileMapper.attributes(input.profile()), record.timestamp());
      save(leadId, state, scored, input.profile(), record.timestamp());
    } else if (record.value() instanceof OutcomeInput input) {
      LeadProfile profile = profileOf(leadId);
      SalesOutcome outcome = SalesOutcome.valueOf(input.outcome().getOutcome().name());
      scoring.onOutcome(leadId, state, outcome, ProfileMapper.attributes(profile), record.timestamp())
          .ifPresent(scored -> save(leadId, state, scored, profile, record.timestamp()));
    }
  }

  private void rescoreDecayDue(long now) {
    long started = System.nanoTime();
    for (TimeIndex.Due due : decayIndex.dueBy(now, DECAY_BATCH)) {
      LeadState state = leads.get(due.leadId());
      if (state == null || !Long.valueOf(due.time()).equals(state.decayCheck())) {
        decayIndex.remove(due);
        continue;
      }
      if (state.decayDueAt() == null || state.decayDueAt() > now) {
        // Activity since the entry was written has put the lead's decay later (or off): look again then.
        decayIndex.move(due.leadId(), due.time(), state.decayDueAt());
        leads.put(due.leadId(), state.withDecayCheckAt(state.decayDueAt()));
        continue;
      }
      LeadProfile profile = profileOf(due.leadId());
      Scored scored = scoring.onDecayDue(due.leadId(), state, ProfileMapper.attributes(profile), now);
      save(due.leadId(), state, scored, profile, now);
    }
    sensors.decayChecked((System.nanoTime() - started) / 1_000_000);
  }

  private void save(String leadId, LeadState before, Scored scored, LeadProfile profile, long timestamp) {
    LeadState after = scored.state();
    leads.put(leadId, after.withDecayCheckAt(decayCheck(leadId, before.decayCheck(), after.decayDueAt(), timestamp)));
    scored.transition().ifPresent(t -> {
      sensors.stageChanged(t.up(), t.qualifies());
      StageMove move = StageMove.of(scored.card(), t);
      recentMoves.append(move);
      StageHistory history = stageHistory.get(leadId);
      stageHistory.put(leadId, (history == null ? new StageHistory(List.of()) : history).with(move));
    });
    count(before, after);
    context.forward(new Record<>(leadId, new ScoringOutcome(scored.card(), scored.transition(), profile), timestamp));
  }

  /**
   * When the decay index should next look at the lead. An entry still ahead of {@code at} and not after the new due
   * time stays: activity mostly moves the due time later, and the punctuation moves such an early entry on when it
   * comes up, so most events write nothing to the index (each index write costs a delete and a put on its changelog).
   */
  private Long decayCheck(String leadId, Long check, Long due, long at) {
    if (due == null || (check != null && check <= due && check > at)) {
      return check;
    }
    decayIndex.move(leadId, check, due);
    return due;
  }

  /** Keeps the number of this task's leads per stage and grade, for the distribution the API reports. */
  private void count(LeadState before, LeadState after) {
    String was = before.grade() == null ? null : StageGradeCounts.key(before.stage(), before.grade().name());
    String is = StageGradeCounts.key(after.stage(), after.grade().name());
    if (is.equals(was)) {
      return;
    }
    if (was != null) {
      Long count = stageGradeCounts.get(was);
      stageGradeCounts.put(was, count == null || count <= 1 ? null : count - 1);
    }
    Long count = stageGradeCounts.get(is);
    stageGradeCounts.put(is, count == null ? 1 : count + 1);
  }

  private LeadState stateOf(String leadId) {
    LeadState state = leads.get(leadId);
    return state != null ? state : scoring.newLead();
  }

  private LeadProfile profileOf(String leadId) {
    ValueAndTimestamp<LeadProfile> stored = profiles.get(leadId);
    return stored == null ? null : stored.value();
  }
}
