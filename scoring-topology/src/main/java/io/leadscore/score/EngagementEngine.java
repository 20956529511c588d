package io.leadscore.score;

import io.leadscore.rules.Cap;
import io.leadscore.rules.Decay;
import io.leadscore.rules.DecayType;
import io.leadscore.rules.EngagementRule;
import io.leadscore.rules.EngagementRules;
import io.leadscore.rules.Frequency;
import io.leadscore.rules.InputPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Engagement points: matching activity to rules, caps and once-only rules, decay and the floor.
 *
 * <p>Exponential decay scales every contribution alike, so a late event's points decayed by its age equal what in-order
 * arrival would have given; caps, once-only rules, linear decay and the floor depend on order, which is why recent
 * events are replayed in event time rather than added as they come. An event older than the reorder window is added at
 * the checkpoint (decayed by its age under exponential decay, undecayed under linear) against the checkpoint's caps.
 */
public final class EngagementEngine {

  public static final String DECAY = "decay";
  public static final String FLOOR = "floor";

  /** Ids of folded events a lead's state keeps for deduplication; older ones in the window go to the overflow store. */
  static final int MAX_SEEN = 32;

  private final EngagementRules rules;
  private final Map<String, EngagementRule> byId;
  private final long reorderWindowMs;
  private final int maxReorderEvents;
  private final long deduplicationWindowMs;

  public EngagementEngine(EngagementRules rules, InputPolicy input) {
    this.rules = rules;
    this.byId = rules.byId();
    this.reorderWindowMs = input.reorderWindow().toMillis();
    this.maxReorderEvents = input.maxReorderEvents();
    this.deduplicationWindowMs = input.deduplicationWindow().toMillis();
  }

  /** What the ledger knows of an event with this id's hash at this time: ids match within the deduplication window. */
  public DuplicateCheck duplicateCheck(EngagementLedger ledger, long eventHash, long time) {
    for (LedgerEntry entry : ledger.recent()) {
      if (entry.eventHash() == eventHash && Math.abs(entry.time() - time) <= deduplicationWindowMs) {
        return DuplicateCheck.DUPLICATE;
      }
    }
    for (SeenEvent seen : ledger.seen()) {
      if (seen.eventHash() == eventHash && Math.abs(seen.time() - time) <= deduplicationWindowMs) {
        return DuplicateCheck.DUPLICATE;
      }
    }
    Long spilled = ledger.spilledThrough();
    return spilled != null && time - deduplicationWindowMs <= spilled ? DuplicateCheck.LOOK_UP : DuplicateCheck.NEW;
  }

  public List<RuleHit> hits(Activity activity) {
    List<RuleHit> hits = new ArrayList<>(2);
    for (EngagementRule rule : rules.rules()) {
      if (!rule.matches(activity.kind(), activity.attributes())) {
        continue;
      }
      if (!rule.isQuestion()) {
        hits.add(new RuleHit(rule.id(), rule.points()));
        continue;
      }
      int answer = rule.answerTo(activity.attributes());
      if (answer != EngagementRule.NO_ANSWER) {
        hits.add(new RuleHit(rule.id(), rule.answer(answer).getValue(), answer));
      }
    }
    return hits;
  }

  /** Works out the stage a lead is in right after an event, from the stage before it and its engagement then. */
  @FunctionalInterface
  public interface Staging {
    /** {@code through} holds every event up to {@code time}; it is only valid during the call. */
    String after(String before, Checkpoint through, long time);
  }

  /**
   * Adds a scored event. One that comes after every recent event extends the stage path with the lead's stage
   * ({@code stage}), which scoring then re-evaluates; one that sorts earlier replays the path from its place, each
   * later event's stage from {@code staging}, so the path ends where in-order arrival would have left the lead.
   */
  public EngagementLedger record(EngagementLedger ledger, LedgerEntry entry, String stage, Staging staging) {
    Checkpoint checkpoint = ledger.checkpoint();
    if (checkpoint.lastActivityAt() != null && entry.time() < checkpoint.lastActivityAt()) {
      Checkpoint base = foldLate(checkpoint, entry);
      List<LedgerEntry> recent = new ArrayList<>(ledger.recent());
      Checkpoint settled = replay(base, recent, 0, ledger.checkpointStage(), staging);
      return remember(new EngagementLedger(base, recent, settled, ledger.seen(), ledger.spilledThrough(),
          ledger.checkpointStage()), List.of(entry));
    }
    List<LedgerEntry> recent = new ArrayList<>(ledger.recent().size() + 1);
    recent.addAll(ledger.recent());
    int position = insertionPoint(recent, entry.time());
    Checkpoint settled;
    if (position == recent.size()) {
      recent.add(entry.withStage(stage));
      settled = fold(settle(ledger), entry);
    } else {
      recent.add(position, entry);
      String before = position == 0 ? ledger.checkpointStage() : recent.get(position - 1).stage();
      settled = replay(checkpoint, recent, position, before, staging);
    }
    long horizon = recent.get(recent.size() - 1).time() - reorderWindowMs;
    int folded = 0;
    String checkpointStage = ledger.checkpointStage();
    while (folded < recent.size()
        && (recent.size() - folded > maxReorderEvents || recent.get(folded).time() < horizon)) {
      LedgerEntry out = recent.get(folded++);
      checkpoint = fold(checkpoint, out);
      checkpointStage = out.stage();
    }
    List<LedgerEntry> kept = recent.subList(folded, recent.size());
    return remember(new EngagementLedger(checkpoint, kept, settled, ledger.seen(), ledger.spilledThrough(),
        checkpointStage), recent.subList(0, folded));
  }

  /**
   * Folds {@code entries} into {@code checkpoint} in event order, giving each from {@code from} on its stage; returns
   * the checkpoint with all of them folded in. The checkpoint {@code staging} sees is a view of the fold in progress:
   * it holds exactly the events up to the one being placed.
   */
  private Checkpoint replay(
      Checkpoint checkpoint, List<LedgerEntry> entries, int from, String before, Staging staging) {
    Fold fold = new Fold(checkpoint);
    entries.subList(0, from).forEach(fold::add);
    String stage = before;
    for (int i = from; i < entries.size(); i++) {
      LedgerEntry entry = entries.get(i);
      fold.add(entry);
      stage = staging.after(stage, fold.view(), entry.time());
      entries.set(i, entry.withStage(stage));
    }
    return fold.done();
  }

  /**
   * After every event of the same time or earlier: events of one millisecond keep the order they arrived in, which is
   * their order in the input partition, so a replay gives the same result.
   */
  private static int insertionPoint(List<LedgerEntry> recent, long time) {
    int low = 0;
    int high = recent.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (recent.get(mid).time() <= time) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** Ids of a ledger's folded events past {@link #MAX_SEEN}, oldest first, taken out to go to the overflow store. */
  public record Spill(EngagementLedger ledger, List<SeenEvent> spilled) {
  }

  public Spill spill(EngagementLedger ledger) {
    if (ledger.seen().size() <= MAX_SEEN) {
      return new Spill(ledger, List.of());
    }
    List<SeenEvent> seen = new ArrayList<>(ledger.seen());
    seen.sort(Comparator.comparingLong(SeenEvent::time));
    List<SeenEvent> spilled = seen.subList(0, seen.size() - MAX_SEEN);
    long through = spilled.get(spilled.size() - 1).time();
    if (ledger.spilledThrough() != null) {
      through = Math.max(through, ledger.spilledThrough());
    }
    return new Spill(ledger.withSeen(seen.subList(seen.size() - MAX_SEEN, seen.size()), through), List.copyOf(spilled));
  }

  /** Adds the ids of newly folded events to those seen, and forgets those the deduplication window has passed. */
  private EngagementLedger remember(EngagementLedger ledger, List<LedgerEntry> folded) {
    long newest = ledger.checkpoint().lastActivityAt() == null ? Long.MIN_VALUE : ledger.checkpoint().lastActivityAt();
    if (!ledger.recent().isEmpty()) {
      newest = Math.max(newest, ledger.recent().get(ledger.recent().size() - 1).time());
    }
    long horizon = newest - deduplicationWindowMs;
    if (folded.isEmpty() && ledger.seen().stream().allMatch(event -> event.time() >= horizon)
        && (ledger.spilledThrough() == null || ledger.spilledThrough() >= horizon)) {
      return ledger;
    }
    List<SeenEvent> seen = new ArrayList<>(ledger.seen().size() + folded.size());
    for (SeenEvent event : ledger.seen()) {
      if (event.time() >= horizon) {
        seen.add(event);
      }
    }
    for (LedgerEntry entry : folded) {
      if (entry.time() >= horizon) {
        seen.add(entry.seen());
      }
    }
    Long spilled = ledger.spilledThrough() != null && ledger.spilledThrough() >= horizon
        ? ledger.spilledThrough() : null;
    return ledger.withSeen(seen, spilled);
  }

  /**
   * The history of a lead merged into this one, joined to this one's. Recent events of the other lead are placed in
   * event time, each once (an event id both leads scored counts once), as late events are; the other checkpoint's
   * contributions are added at this checkpoint's time, decayed by the time between them under exponential decay (exact
   * whatever the order) and as they stand under linear decay. Its events are counted against the same caps; a
   * once-only rule both leads scored keeps this lead's points, and of two answers to a question the later holds. Events
   * both leads scored before their reorder windows are in both checkpoints, as totals per rule, and are counted twice.
   */
  public EngagementLedger union(EngagementLedger into, EngagementLedger other, String stage, Staging staging) {
    EngagementLedger combined = absorb(into, other.checkpoint());
    List<SeenEvent> seen = new ArrayList<>(combined.seen());
    seen.addAll(other.seen());
    combined = combined.withSeen(seen, combined.spilledThrough());
    for (LedgerEntry entry : other.recent()) {
      if (duplicateCheck(combined, entry.eventHash(), entry.time()) != DuplicateCheck.DUPLICATE) {
        combined = record(combined, new LedgerEntry(entry.eventHash(), entry.time(), entry.hits()), stage, staging);
      }
    }
    return remember(combined, List.of());
  }

  /** {@code into} with {@code other}'s contributions added to its checkpoint (see {@link #union}). */
  private EngagementLedger absorb(EngagementLedger into, Checkpoint other) {
    if (other.lastActivityAt() == null) {
      return into;
    }
    Checkpoint mine = into.checkpoint();
    long otherAt = other.lastActivityAt();
    long firstRecent = into.recent().isEmpty() ? Long.MAX_VALUE : into.recent().get(0).time();
    long at;
    if (mine.lastActivityAt() == null) {
      at = Math.min(otherAt, firstRecent);
    } else {
      // Never past this lead's first recent event: the checkpoint holds what came before them.
      at = Math.max(mine.lastActivityAt(), Math.min(otherAt, firstRecent));
    }
    Map<String, Double> points = new LinkedHashMap<>();
    double mineScale = mine.lastActivityAt() == null ? 1 : scaleTo(mine.lastActivityAt(), at);
    mine.points().forEach((key, value) -> points.put(key, value * mineScale));
    double otherScale = scaleTo(otherAt, at);
    Map<String, Answered> answers = new HashMap<>(mine.answers());
    for (Map.Entry<String, Double> contribution : other.points().entrySet()) {
      String key = contribution.getKey();
      EngagementRule rule = byId.get(RuleHit.ruleOf(key));
      Answered theirs = other.answers().get(key);
      if (theirs != null) {
        Answered ours = answers.get(key);
        if (ours == null || theirs.time() > ours.time()) {
          answers.put(key, theirs);
          points.put(key, contribution.getValue() * otherScale);
        }
        continue;
      }
      if (rule != null && rule.frequency() == Frequency.ONCE && mine.fired().contains(rule.id())) {
        continue;
      }
      points.merge(key, contribution.getValue() * otherScale, Double::sum);
    }
    applyFloor(points);
    Map<CapPeriod, Integer> caps = new HashMap<>(mine.capCounts());
    other.capCounts().forEach((period, count) -> {
      EngagementRule rule = byId.get(period.ruleId());
      int max = rule == null || rule.cap() == null ? Integer.MAX_VALUE : rule.cap().max();
      caps.merge(period, count, (a, b) -> Math.min(max, a + b));
    });
    Set<String> fired = new HashSet<>(mine.fired());
    fired.addAll(other.fired());
    Checkpoint joined = new Checkpoint(at, points, caps, fired, answers);
    return new EngagementLedger(joined, into.recent(), null, into.seen(), into.spilledThrough(),
        into.checkpointStage());
  }

  /** The factor that carries points as of {@code from} to {@code to}: exponential decay alone depends on time. */
  private double scaleTo(long from, long to) {
    Decay decay = rules.decay();
    return decay.type() == DecayType.EXPONENTIAL ? halvings(decay, to - from) : 1.0;
  }

  /**
   * Keeps {@code share} of every contribution, as when sales hands a lead back to marketing. The recent events are
   * folded in first: what came before the handback is history.
   */
  public EngagementLedger scale(EngagementLedger ledger, double share) {
    Checkpoint settled = settle(ledger);
    Map<String, Double> points = new LinkedHashMap<>(settled.points());
    points.replaceAll((rule, value) -> value * share);
    applyFloor(points);
    Checkpoint scaled = new Checkpoint(settled.lastActivityAt(), points, settled.capCounts(), settled.fired(),
        settled.answers());
    return remember(new EngagementLedger(scaled, List.of(), scaled, ledger.seen(), ledger.spilledThrough(),
        ledger.tailStage()), ledger.recent());
  }

  /** The checkpoint with every recent event folded in, in event order. */
  public Checkpoint settle(EngagementLedger ledger) {
    return ledger.settled() != null ? ledger.settled() : foldAll(ledger.checkpoint(), ledger.recent());
  }

  public Engagement valueAt(Checkpoint checkpoint, long time) {
    Map<String, Double> points = new LinkedHashMap<>();
    contributions(checkpoint, time, points::put);
    return new Engagement(sum(points), points, checkpoint.lastActivityAt());
  }

  /**
   * The sum of the contributions at {@code time}, each rounded as a reason shows it: what {@link #valueAt} gives, for
   * the decay search, which asks many times per update and needs no map.
   */
  double roundedTotalAt(Checkpoint checkpoint, long time) {
    double[] total = {0};
    contributions(checkpoint, time, (rule, points) -> total[0] += Points.round(points));
    return total[0];
  }

  /** What each rule contributes at {@code time}, decayed from the checkpoint and floored, in the checkpoint's order. */
  private void contributions(Checkpoint checkpoint, long time, BiConsumer<String, Double> to) {
    Map<String, Double> stored = checkpoint.points();
    Long last = checkpoint.lastActivityAt();
    Decay decay = rules.decay();
    double factor = 1;
    double lost = 0;
    if (last != null && time > last) {
      switch (decay.type()) {
        case EXPONENTIAL -> factor = halvings(decay, time - last);
        case LINEAR -> lost = linearLoss(decay, sum(stored), time - last);
        case NONE -> { }
      }
    }
    double total = -lost;
    for (double value : stored.values()) {
      total += value * factor;
    }
    double floorAdded = total < rules.floor() ? rules.floor() - total : 0;
    for (Map.Entry<String, Double> entry : stored.entrySet()) {
      double value = entry.getValue() * factor;
      if (entry.getKey().equals(DECAY)) {
        value -= lost;
      } else if (entry.getKey().equals(FLOOR)) {
        value += floorAdded;
      }
      to.accept(entry.getKey(), value);
    }
    if (lost > 0 && !stored.containsKey(DECAY)) {
      to.accept(DECAY, -lost);
    }
    if (floorAdded > 0 && !stored.containsKey(FLOOR)) {
      to.accept(FLOOR, floorAdded);
    }
  }

  private Checkpoint fold(Checkpoint checkpoint, LedgerEntry entry) {
    return foldAll(checkpoint, List.of(entry));
  }

  /** Folds {@code entries}, in event order, into {@code checkpoint}, copying its maps once rather than per entry. */
  private Checkpoint foldAll(Checkpoint checkpoint, List<LedgerEntry> entries) {
    if (entries.isEmpty()) {
      return checkpoint;
    }
    Fold fold = new Fold(checkpoint);
    entries.forEach(fold::add);
    return fold.done();
  }

  private Checkpoint foldLate(Checkpoint checkpoint, LedgerEntry entry) {
    Fold fold = new Fold(checkpoint);
    Decay decay = rules.decay();
    double scale = switch (decay.type()) {
      case EXPONENTIAL -> halvings(decay, checkpoint.lastActivityAt() - entry.time());
      case LINEAR, NONE -> 1.0;
    };
    award(fold.points, fold.caps, fold.fired, fold.answers, entry, scale);
    applyFloor(fold.points);
    return fold.view();
  }

  /** A checkpoint being folded into: its maps copied once, then changed in place by each entry in event order. */
  private final class Fold {
    final Map<String, Double> points;
    final Map<CapPeriod, Integer> caps;
    final Set<String> fired;
    final Map<String, Answered> answers;
    Long last;

    Fold(Checkpoint from) {
      points = new LinkedHashMap<>(from.points());
      caps = new HashMap<>(from.capCounts());
      fired = new HashSet<>(from.fired());
      answers = new HashMap<>(from.answers());
      last = from.lastActivityAt();
    }

    void add(LedgerEntry entry) {
      if (last != null && entry.time() > last) {
        decay(points, last, entry.time());
      }
      award(points, caps, fired, answers, entry, 1.0);
      applyFloor(points);
      last = entry.time();
    }

    /** The fold so far, over the maps it is still changing. */
    Checkpoint view() {
      return new Checkpoint(last, points, caps, fired, answers);
    }

    /**
     * Entries come in event order, so no entry reaches a period that ended before an earlier entry's horizon: pruning
     * once at the end keeps what pruning after every entry would.
     */
    Checkpoint done() {
      pruneCaps(caps, last);
      return view();
    }
  }

  private void award(Map<String, Double> points, Map<CapPeriod, Integer> caps, Set<String> fired,
      Map<String, Answered> answers, LedgerEntry entry, double scale) {
    for (RuleHit hit : entry.hits()) {
      if (hit.answers()) {
        answer(points, answers, hit, entry.time(), scale);
        continue;
      }
      EngagementRule rule = byId.get(hit.rule());
      if (rule != null && rule.frequency() == Frequency.ONCE && !fired.add(rule.id())) {
        continue;
      }
      if (rule != null && rule.cap() != null) {
        CapPeriod key = new CapPeriod(rule.id(), rule.cap().period(entry.time()));
        int used = caps.getOrDefault(key, 0);
        if (used >= rule.cap().max()) {
          continue;
        }
        caps.put(key, used + 1);
      }
      points.merge(hit.ruleId(), hit.points() * scale, Double::sum);
    }
  }

  /**
   * A question's answer replaces the one before it and its points (as decayed until now), unless the one in force was
   * given later: a late event's answer is older news. Of two answers at one time, the later to arrive counts.
   */
  private static void answer(
      Map<String, Double> points, Map<String, Answered> answers, RuleHit hit, long time, double scale) {
    Answered current = answers.get(hit.ruleId());
    if (current != null && current.time() > time) {
      return;
    }
    answers.put(hit.ruleId(), new Answered(time, hit.answer()));
    points.put(hit.ruleId(), hit.points() * scale);
  }

  private void decay(Map<String, Double> points, long from, long to) {
    Decay decay = rules.decay();
    switch (decay.type()) {
      case EXPONENTIAL -> {
        double factor = halvings(decay, to - from);
        points.replaceAll((rule, value) -> value * factor);
      }
      case LINEAR -> {
        double lost = linearLoss(decay, sum(points), to - from);
        if (lost > 0) {
          points.merge(DECAY, -lost, Double::sum);
        }
      }
      case NONE -> { }
    }
  }

  /** Points linear decay takes from {@code total} over {@code elapsedMs} of inactivity, never below the floor. */
  private double linearLoss(Decay decay, double total, long elapsedMs) {
    long idle = elapsedMs - decay.after().toMillis();
    long periods = idle <= 0 ? 0 : idle / decay.every().toMillis();
    double room = Math.max(0, total - rules.floor());
    return Math.min(periods * decay.points(), room);
  }

  private static double halvings(Decay decay, long elapsedMs) {
    return Math.pow(0.5, (double) elapsedMs / decay.halfLife().toMillis());
  }

  private void applyFloor(Map<String, Double> points) {
    double total = sum(points);
    if (total < rules.floor()) {
      points.merge(FLOOR, rules.floor() - total, Double::sum);
    }
  }

  /** Drops counters of periods that ended before the reorder window, which in-order events can no longer reach. */
  private void pruneCaps(Map<CapPeriod, Integer> caps, long time) {
    if (caps.isEmpty()) {
      return;
    }
    long horizon = time - reorderWindowMs;
    caps.keySet().removeIf(key -> {
      EngagementRule rule = byId.get(key.ruleId());
      if (rule == null || rule.cap() == null) {
        return true;
      }
      Cap cap = rule.cap();
      long periodEnd = (key.period() + 1) * cap.per().toMillis();
      return periodEnd <= horizon;
    });
  }

  static double sum(Map<String, Double> points) {
    double total = 0;
    for (double value : points.values()) {
      total += value;
    }
    return total;
  }
}
