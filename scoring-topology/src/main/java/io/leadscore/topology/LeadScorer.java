package io.leadscore.topology;

import io.leadscore.account.LeadPart;
import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.PromotedLead;
import io.leadscore.failures.InvalidInputException;
import io.leadscore.lifecycle.Qualification;
import io.leadscore.lifecycle.SalesCycle;
import io.leadscore.rules.Attributes;
import io.leadscore.score.Activity;
import io.leadscore.score.EventIds;
import io.leadscore.score.LeadScoring;
import io.leadscore.score.LeadState;
import io.leadscore.score.SalesOutcome;
import io.leadscore.score.ScoreCard;
import io.leadscore.score.Scored;
import io.leadscore.score.StageTransition;
import io.leadscore.topology.LeadInput.ActivityInput;
import io.leadscore.topology.LeadInput.CreditInput;
import io.leadscore.topology.LeadInput.HandoverInput;
import io.leadscore.topology.LeadInput.OutcomeInput;
import io.leadscore.topology.LeadInput.ProfileInput;
import io.leadscore.topology.LeadInput.PromotionInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps each lead's state and rescores it on activity, on a profile change, on a CRM outcome, and when decay is due. A wall-clock
 * punctuation reads only the decay index entries that are due, so its cost follows the leads that change stage, not the
 * leads stored. An activity whose id the lead already scored within the deduplication window is dropped and counted
 * ({@code duplicates-dropped}): ids are per lead, so two leads' events never drop each other. The profile is read only
 * to match it again under new rules and to attach it to an MQL: the state keeps the fit.
 */
final class LeadScorer implements Processor<String, LeadInput, String, ScoringOutcome> {

  /** Leads handled per punctuation; the rest wait for the next one, so one punctuation cannot stall the task. */
  static final int DECAY_BATCH = 10_000;

  /** Moves kept per task for the API's feed of recent stage changes. */
  static final int RECENT_MOVES = 100;

  private final LeadScoring scoring;
  private final Duration checkEvery;
  private final LeadscoreStores stores;
  private final boolean routes;
  private StageGradeCounter stageGradeCounts;
  private KeyValueStore<String, StageHistory> stageHistory;
  private KeyValueStore<String, SalesCycle> salesCycles;
  private DailyCounts stageEntries;
  private RecentLog<StageMove> recentMoves;
  private ProcessorContext<String, ScoringOutcome> context;
  private KeyValueStore<String, LeadState> leads;
  private TimestampedKeyValueStore<String, LeadProfile> profiles;
  private TimeIndex decayIndex;
  private SpilledEventIds spilledEventIds;
  private ScoringSensors sensors;
  private Sensor duplicates;
  private KeyValueStore<String, String> mergedInto;
  private KeyValueStore<String, List<String>> mergedFrom;
  private Deserializer<LeadState> stateBytes;

  /**
   * @param routes whether MQLs go on to routing (live), or nowhere (in the shadow: then no lead is known to await an
   *     outcome, so that, once the shadow is promoted, each lead's first outcome reaches the routing task, which alone
   *     knows the assignments it carried over)
   */
  LeadScorer(LeadScoring scoring, LeadscoreStores stores, boolean routes) {
    this.scoring = scoring;
    this.checkEvery = scoring.rules().engagement().decay().checkEvery();
    this.stores = stores;
    this.routes = routes;
  }

  @Override
  public void init(ProcessorContext<String, ScoringOutcome> context) {
    this.context = context;
    this.leads = context.getStateStore(stores.leadState().name());
    this.profiles = context.getStateStore(stores.profiles().name());
    this.stageGradeCounts = new StageGradeCounter(context.getStateStore(stores.stageGradeCounts().name()));
    this.stageHistory = context.getStateStore(stores.stageHistory().name());
    this.salesCycles = context.getStateStore(stores.salesCycles().name());
    this.stageEntries = new DailyCounts(context.getStateStore(stores.stageEntries().name()));
    this.recentMoves = new RecentLog<>(context.getStateStore(stores.recentStageChanges().name()), RECENT_MOVES);
    KeyValueStore<Bytes, byte[]> index = context.getStateStore(stores.decayIndex().name());
    this.decayIndex = new TimeIndex(index);
    WindowStore<String, Long> spilled = context.getStateStore(stores.spilledEventIds().name());
    this.spilledEventIds = new SpilledEventIds(spilled, scoring.rules().input().deduplicationWindow());
    this.sensors = new ScoringSensors(context.metrics(), context.taskId().toString());
    this.duplicates = ScoringSensors.duplicatesDropped(context.metrics(), context.taskId().toString());
    this.mergedInto = context.getStateStore(stores.mergedLeads().name());
    this.mergedFrom = context.getStateStore(stores.mergedFrom().name());
    this.stateBytes = stores.leadState().valueSerde().deserializer();
    context.schedule(checkEvery, PunctuationType.WALL_CLOCK_TIME, this::rescoreDecayDue);
  }

  @Override
  public void process(Record<String, LeadInput> record) {
    String leadId = record.key();
    if (record.value() instanceof ProfileInput input) {
      LeadState state = stateOf(leadId);
      Attributes profile = ProfileMapper.attributes(input.profile());
      save(leadId, state, scoring.onProfile(leadId, state, profile, record.timestamp()), record.timestamp(), null,
          profile);
      return;
    }
    if (record.value() instanceof PromotionInput input) {
      onPromotion(leadId, input.lead(), record.timestamp());
      return;
    }
    LeadState state = fitted(leadId, stateOf(leadId));
    if (record.value() instanceof ActivityInput input) {
      if (isDuplicate(leadId, state, input.activity())) {
        duplicates.record();
        return;
      }
      scoring.onActivity(leadId, state, input.activity()).ifPresent(scored -> {
        sensors.eventScored();
        saveScored(leadId, state, scored, record.timestamp(), input.activity().channel());
      });
    } else if (record.value() instanceof CreditInput input) {
      refuseIfMergedAway(leadId, "activity of " + InvalidInputException.quote(input.credit().from()));
      onCredit(leadId, state, input.credit(), record.timestamp());
    } else if (record.value() instanceof HandoverInput input) {
      refuseIfMergedAway(leadId, "the merge of lead " + InvalidInputException.quote(input.handover().mergedId()));
      onHandover(leadId, state, input.handover(), record.timestamp());
    } else if (record.value() instanceof OutcomeInput input) {
      onOutcome(leadId, state, input.outcome(), record.timestamp());
    }
  }

  /**
   * A visitor's activity, each event placed at its own time (duplicates dropped as any other), then the lead evaluated
   * once: identification moves a lead at most once, however much it credits.
   */
  private void onCredit(String leadId, LeadState state, LeadTransfer.Credit credit, long timestamp) {
    LeadState credited = state;
    long newest = Long.MIN_VALUE;
    String channel = null;
    for (Activity activity : credit.activities()) {
      if (isDuplicate(leadId, credited, activity)) {
        duplicates.record();
        continue;
      }
      Optional<LeadState> placed = scoring.credit(credited, activity, credit.beforeIdentification());
      if (placed.isPresent()) {
        sensors.eventScored();
        credited = placed.get();
        newest = Math.max(newest, activity.eventTime());
        channel = activity.channel();
      }
    }
    if (credited != state) {
      saveScored(leadId, state, scoring.onCredited(leadId, credited, newest), timestamp, channel);
    }
  }

  /**
   * What another task sent to a lead that was merged away while it was on its way cannot follow it further: a task can
   * only send forward to the scorer, not back to the merge step. It is reported, to be sent again for the lead it was
   * merged into. (Leads merged into it earlier follow it once the merge is applied; see {@link LeadMerger}.)
   */
  private void refuseIfMergedAway(String leadId, String what) {
    String survivor = mergedInto.get(leadId);
    if (survivor != null) {
      throw new InvalidInputException(what + " came for lead " + InvalidInputException.quote(leadId)
          + ", which was merged into lead " + InvalidInputException.quote(survivor) + ": send it for that lead");
    }
  }

  /**
   * The survivor joins the merged lead's history to its own; its stage history keeps both leads' moves. It remembers the
   * lead, to take it along if it is merged in turn.
   */
  private void onHandover(String leadId, LeadState state, LeadTransfer.Handover handover, long timestamp) {
    List<String> followers = mergedFrom.get(leadId);
    if (followers == null || !followers.contains(handover.mergedId())) {
      List<String> more = followers == null ? new ArrayList<>() : new ArrayList<>(followers);
      more.add(handover.mergedId());
      mergedFrom.put(leadId, more);
    }
    if (handover.history() != null) {
      StageHistory history = stageHistory.get(leadId);
      stageHistory.put(leadId, handover.history().joined(history));
    }
    if (handover.state() != null) {
      LeadState merged = stateBytes.deserialize(stores.leadState().name(), handover.state());
      saveScored(leadId, state, scoring.onMerge(leadId, state, merged, timestamp),
          timestamp, null);
    }
  }

  private void saveScored(String leadId, LeadState before, Scored scored, long timestamp, String channel) {
    scored.spilled().forEach(seen -> spilledEventIds.put(leadId, seen));
    save(leadId, before, scored, timestamp, channel);
  }

  /**
   * An outcome the lead's sales status cannot take (a won lead rejected, an opportunity moved back) is refused before
   * anything is written, so it reaches the dead-letter topic with the reason and changes nothing. A repeat of the
   * current status changes neither the status nor the score.
   *
   * <p>Routing waits for the first outcome since a lead qualified, which closes its assignment; later ones, and outcomes
   * for leads that never qualified, stay here, so the single routing task sees only what it acts on. State written
   * before the flag was kept does not know, and sends its first outcome on.
   */
  private void onOutcome(String leadId, LeadState state, CrmOutcome crmOutcome, long timestamp) {
    SalesOutcome outcome = SalesOutcome.valueOf(crmOutcome.getOutcome().name());
    SalesCycle.Report report = salesCycleOf(leadId).report(outcome, crmOutcome.getReportedAt().toEpochMilli());
    if (report instanceof SalesCycle.Refused refused) {
      throw new InvalidInputException("CRM outcome " + outcome + " refused: " + refused.reason());
    }
    boolean routed = !Boolean.FALSE.equals(state.awaitingOutcome());
    LeadState closed = routed ? state.withAwaitingOutcome(false) : state;
    CrmOutcome routedOutcome = routed ? crmOutcome : null;
    SalesStatusChange change = null;
    Optional<Scored> scored = Optional.empty();
    if (report instanceof SalesCycle.Moved moved) {
      salesCycles.put(leadId, moved.cycle());
      change = new SalesStatusChange(leadId, moved, crmOutcome);
      scored = scoring.onOutcome(leadId, closed, outcome, timestamp);
    }
    if (scored.isPresent()) {
      save(leadId, closed, scored.get(), timestamp, routedOutcome, change, null);
    } else if (routed || change != null) {
      if (routed) {
        leads.put(leadId, kept(closed));
      }
      context.forward(new Record<>(leadId, ScoringOutcome.unscored(routedOutcome, change), timestamp));
    }
  }

  /** A lead these rules never scored in the shadow has nothing to take over: it is scored when its input comes. */
  private void onPromotion(String leadId, PromotedLead promoted, long timestamp) {
    LeadState stored = leads.get(leadId);
    if (stored == null) {
      return;
    }
    LeadState state = fitted(leadId, stored);
    save(leadId, state, scoring.onPromotion(leadId, state, promoted.getLiveStage(), promoted.getLiveQualified(),
        timestamp), timestamp, null);
  }

  /**
   * The lead's state kept ids of its recent events; one that scored many within the deduplication window moved the
   * older ids to a window store, asked only then.
   */
  private boolean isDuplicate(String leadId, LeadState state, Activity activity) {
    return switch (scoring.duplicateCheck(state, activity)) {
      case DUPLICATE -> true;
      case NEW -> false;
      case LOOK_UP -> spilledEventIds.contains(leadId, EventIds.hash(activity.eventId()), activity.eventTime(),
          state.engagement().spilledThrough());
    };
  }

  /** A lead whose fit was matched under other rules (or never kept) is matched against its profile again. */
  private LeadState fitted(String leadId, LeadState state) {
    return scoring.needsFit(state) ? scoring.refit(state, ProfileMapper.attributes(profileOf(leadId))) : state;
  }

  private void rescoreDecayDue(long now) {
    long started = System.nanoTime();
    for (TimeIndex.Due due : decayIndex.dueBy(now, DECAY_BATCH)) {
      LeadState state = leads.get(due.id());
      if (state == null || !Long.valueOf(due.time()).equals(state.decayCheck())) {
        decayIndex.remove(due);
        continue;
      }
      if (state.decayDueAt() == null || state.decayDueAt() > now) {
        // Activity since the entry was written has put the lead's decay later (or off): look again then.
        decayIndex.move(due.id(), due.time(), state.decayDueAt());
        leads.put(due.id(), state.withDecayCheckAt(state.decayDueAt()));
        continue;
      }
      LeadState fitted = fitted(due.id(), state);
      save(due.id(), fitted, scoring.onDecayDue(due.id(), fitted, now), now, null);
    }
    sensors.decayChecked((System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Saves what activity, a profile change or decay did; {@code channel} is the activity's (null for the others), kept
   * with the lead's qualification when it makes the lead an MQL.
   */
  private void save(String leadId, LeadState before, Scored scored, long timestamp, String channel) {
    save(leadId, before, scored, timestamp, channel, null);
  }

  /** {@code profile} is the lead's profile when it changed (null otherwise), for its account's firmographics. */
  private void save(String leadId, LeadState before, Scored scored, long timestamp, String channel,
      Attributes profile) {
    SalesStatusChange qualified = scored.transition().filter(StageTransition::qualifies)
        .flatMap(t -> salesCycleOf(leadId).qualified(scored.card().evaluatedAt(),
            Qualification.of(scored.card(), channel)))
        .map(moved -> {
          salesCycles.put(leadId, moved.cycle());
          return new SalesStatusChange(leadId, moved, null);
        })
        .orElse(null);
    save(leadId, before, scored, timestamp, null, qualified, profile);
  }

  private void save(String leadId, LeadState before, Scored scored, long timestamp, CrmOutcome routedOutcome,
      SalesStatusChange statusChange, Attributes changedProfile) {
    boolean qualifies = scored.transition().filter(StageTransition::qualifies).isPresent();
    // A lead that qualifies goes to routing, which then waits for sales to report an outcome.
    LeadState after = kept(qualifies ? scored.state().withAwaitingOutcome(true) : scored.state());
    leads.put(leadId, after.withDecayCheckAt(decayCheck(leadId, before.decayCheck(), after.decayDueAt(), timestamp)));
    scored.transition().ifPresent(t -> {
      sensors.stageChanged(t.up(), t.qualifies());
      StageMove move = StageMove.of(scored.card(), t);
      recentMoves.append(move);
      stageEntries.add(scored.card().evaluatedAt(), (t.up() ? "up" : "down") + "|" + t.to().id());
      StageHistory history = stageHistory.get(leadId);
      stageHistory.put(leadId, (history == null ? new StageHistory(List.of()) : history).with(move));
    });
    stageGradeCounts.moved(before, after);
    // Only an MQL's record and an alert carry the profile, so only then is it read and decoded.
    boolean alerts = scored.transition().filter(t -> t.up() && t.to().alert() != null).isPresent();
    LeadProfile profile = qualifies || alerts ? profileOf(leadId) : null;
    context.forward(new Record<>(leadId, new ScoringOutcome(scored.card(), scored.transition(), scored.changed(),
        profile, routedOutcome, statusChange, accountChanges(leadId, before, after, scored, changedProfile)),
        timestamp));
  }

  /**
   * What the lead's accounts learn: the one it left (for another company, free mail or none), and its new part in the
   * one it belongs to, when its score changed or it joined, with the firmographics of a changed profile.
   */
  private static List<KeyValue<String, AccountChange>> accountChanges(String leadId, LeadState before,
      LeadState after, Scored scored, Attributes profile) {
    String was = before.fit() == null ? null : before.fit().account();
    String is = after.fit() == null ? null : after.fit().account();
    if (was == null && is == null) {
      return List.of();
    }
    List<KeyValue<String, AccountChange>> changes = new ArrayList<>(2);
    if (was != null && !was.equals(is)) {
      changes.add(KeyValue.pair(was, new AccountChange(leadId, null, null)));
    }
    if (is != null && (scored.changed() || !is.equals(was) || profile != null
        || !Objects.equals(before.fit().role(), after.fit().role()))) {
      ScoreCard card = scored.card();
      Map<String, String> firmographics = null;
      if (profile != null) {
        firmographics = new HashMap<>();
        for (String name : AccountChange.FIRMOGRAPHICS) {
          String value = profile.text(name).orElse(null);
          if (value != null) {
            firmographics.put(name, value);
          }
        }
      }
      changes.add(KeyValue.pair(is, new AccountChange(leadId, new LeadPart(card.engagement(), card.evaluatedAt(),
          card.lastActivityAt(), after.fit().role()), firmographics)));
    }
    return changes;
  }

  /** The state as this app keeps it: in the shadow, which routes nothing, no lead awaits an outcome. */
  private LeadState kept(LeadState state) {
    return routes ? state : state.withAwaitingOutcome(null);
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

  private LeadState stateOf(String leadId) {
    LeadState state = leads.get(leadId);
    return state != null ? state : scoring.newLead();
  }

  private SalesCycle salesCycleOf(String leadId) {
    SalesCycle cycle = salesCycles.get(leadId);
    return cycle != null ? cycle : SalesCycle.PROSPECT;
  }

  private LeadProfile profileOf(String leadId) {
    ValueAndTimestamp<LeadProfile> stored = profiles.get(leadId);
    return stored == null ? null : stored.value();
  }
}
