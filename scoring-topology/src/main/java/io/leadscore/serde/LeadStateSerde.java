package io.leadscore.serde;

import io.leadscore.rules.EngagementRule;
import io.leadscore.rules.Grade;
import io.leadscore.score.Answered;
import io.leadscore.score.CapPeriod;
import io.leadscore.score.Checkpoint;
import io.leadscore.score.EngagementLedger;
import io.leadscore.score.EventIds;
import io.leadscore.score.FitState;
import io.leadscore.score.LeadState;
import io.leadscore.score.LedgerEntry;
import io.leadscore.score.RuleHit;
import io.leadscore.score.SeenEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A lead's state in a compact, versioned binary form, read and written for every event. Rule ids are written once
 * per record in a table and referred to by position; times are varints relative to the evaluation time or to the event
 * before; whole points take a byte or two. State that earlier versions wrote as Smile or JSON is still read, and is
 * written in this form when the lead next changes.
 *
 * <p>Version 5, after the version byte: flags; the stage; the evaluation time; the optional times (decay due, decay
 * check, the overflow's latest) relative to it; the grade; the fit (the rules' 32-bit fingerprint, matched fit rules and
 * modifiers as bit sets, and when flags say so the lead's account and buying-group role); the fingerprint of the score last published; the rule-id table; the checkpoint (points per
 * rule, cap counters per rule and period, the rules scored once, and when a flag says so the answer in force per
 * question with its time); the
 * recent events (time delta, id hash, hits: the rule's position shifted left by one, the low bit set when an answer's
 * position follows, then the points); the ids seen (time delta, id hash). Flags also say whether sales has yet to
 * report an outcome since the lead last qualified (unknown in earlier state). When a flag says so, the stage path
 * comes between the checkpoint and the recent events: the stages on it other than the lead's, the checkpoint's stage,
 * and the recent events' stages as runs; without it, every event's stage is the lead's. Version 4, still read, kept no
 * account; version 3 had no path either; version 2 had no answers either. The
 * checkpoint with the recent events folded in is not stored: the engine replays them (at most the reorder window's
 * events) when the state is next used, which costs less than reading and writing it with every event.
 */
public final class LeadStateSerde implements Serde<LeadState> {

  static final byte VERSION = 5;
  /** Version 4 kept no account: a lead's fit had no account or buying-group role. */
  private static final byte VERSION_WITHOUT_ACCOUNT = 4;
  /** Version 3 had no stage path: every event's stage was the lead's. */
  private static final byte VERSION_WITHOUT_PATH = 3;
  /** Version 2 had no question answers either: hits carried no answer, checkpoints no answers in force. */
  private static final byte VERSION_WITHOUT_ANSWERS = 2;

  private static final int DUE = 1;
  private static final int CHECK = 1 << 1;
  private static final int GRADE = 1 << 2;
  private static final int FIT = 1 << 3;
  private static final int SPILLED = 1 << 4;
  private static final int PROFILE_KNOWN = 1 << 5;
  private static final int PUBLISHED = 1 << 6;
  private static final int ANSWERS = 1 << 7;
  private static final int AWAITING_KNOWN = 1 << 8;
  private static final int AWAITING_OUTCOME = 1 << 9;
  private static final int PATH = 1 << 10;
  private static final int ACCOUNT = 1 << 11;
  private static final int ROLE = 1 << 12;
  private static final Grade[] GRADES = Grade.values();

  private final JsonSerde<LegacyLeadState> legacy = new JsonSerde<>(LegacyLeadState.class);

  @Override
  public Serializer<LeadState> serializer() {
    return (topic, state) -> state == null ? null : write(state);
  }

  @Override
  public Deserializer<LeadState> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length > 0 && (bytes[0] == VERSION || bytes[0] == VERSION_WITHOUT_ACCOUNT
          || bytes[0] == VERSION_WITHOUT_PATH || bytes[0] == VERSION_WITHOUT_ANSWERS)) {
        try {
          return new Reader(bytes).state();
        } catch (RuntimeException e) {
          throw new SerializationException("cannot read a lead's state (" + bytes.length + " bytes)", e);
        }
      }
      return legacy.deserializer().deserialize(topic, bytes).migrate();
    };
  }

  static byte[] write(LeadState state) {
    EngagementLedger ledger = state.engagement();
    FitState fit = state.fit();
    int flags = (state.decayDueAt() != null ? DUE : 0) | (state.decayCheckAt() != null ? CHECK : 0)
        | (state.grade() != null ? GRADE : 0) | (fit != null ? FIT : 0)
        | (ledger.spilledThrough() != null ? SPILLED : 0) | (fit != null && fit.profileKnown() ? PROFILE_KNOWN : 0)
        | (state.published() != null ? PUBLISHED : 0)
        | (!ledger.checkpoint().answers().isEmpty() ? ANSWERS : 0)
        | (state.awaitingOutcome() != null ? AWAITING_KNOWN : 0)
        | (Boolean.TRUE.equals(state.awaitingOutcome()) ? AWAITING_OUTCOME : 0)
        | (pathLeaves(state) ? PATH : 0)
        | (fit != null && fit.account() != null ? ACCOUNT : 0) | (fit != null && fit.role() != null ? ROLE : 0);
    Writer out = new Writer();
    out.write(VERSION);
    out.varint(flags);
    out.string(state.stage());
    long base = state.evaluatedAt();
    out.varlong(base);
    if (state.decayDueAt() != null) {
      out.varlong(state.decayDueAt() - base);
    }
    if (state.decayCheckAt() != null) {
      out.varlong(state.decayCheckAt() - base);
    }
    if (ledger.spilledThrough() != null) {
      out.varlong(ledger.spilledThrough() - base);
    }
    if (state.grade() != null) {
      out.varint(state.grade().ordinal());
    }
    if (fit != null) {
      out.fixedInt((int) fit.rulesFingerprint());
      out.bits(fit.fitRules());
      out.bits(fit.modifiers());
      if (fit.account() != null) {
        out.string(fit.account());
      }
      if (fit.role() != null) {
        out.string(fit.role());
      }
    }
    if (state.published() != null) {
      out.fixedLong(state.published());
    }
    Map<String, Integer> ruleIds = ruleIds(ledger);
    out.varint(ruleIds.size());
    ruleIds.keySet().forEach(out::string);
    out.checkpoint(ledger.checkpoint(), ruleIds, base);
    if ((flags & PATH) != 0) {
      out.path(state.stage(), ledger);
    }
    out.varint(ledger.recent().size());
    long previous = base;
    for (LedgerEntry entry : ledger.recent()) {
      out.varlong(entry.time() - previous);
      previous = entry.time();
      out.fixedLong(entry.eventHash());
      out.varint(entry.hits().size());
      for (RuleHit hit : entry.hits()) {
        out.varint(ruleIds.get(hit.ruleId()) << 1 | (hit.answers() ? 1 : 0));
        if (hit.answers()) {
          out.varint(hit.answer());
        }
        out.number(hit.points());
      }
    }
    out.varint(ledger.seen().size());
    previous = base;
    for (SeenEvent seen : ledger.seen()) {
      out.varlong(seen.time() - previous);
      previous = seen.time();
      out.fixedLong(seen.eventHash());
    }
    return out.toByteArray();
  }

  /** Whether the stage path ever leaves the lead's stage: only then is it written. */
  private static boolean pathLeaves(LeadState state) {
    EngagementLedger ledger = state.engagement();
    if (!onStage(state.stage(), ledger.checkpointStage())) {
      return true;
    }
    for (LedgerEntry entry : ledger.recent()) {
      if (!onStage(state.stage(), entry.stage())) {
        return true;
      }
    }
    return false;
  }

  /** A place on the path not yet given a stage is at the lead's, as scoring would place it. */
  private static boolean onStage(String stage, String step) {
    return step == null || stage.equals(step);
  }

  private static Map<String, Integer> ruleIds(EngagementLedger ledger) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    addRuleIds(ledger.checkpoint(), ids);
    for (LedgerEntry entry : ledger.recent()) {
      for (RuleHit hit : entry.hits()) {
        ids.putIfAbsent(hit.ruleId(), ids.size());
      }
    }
    return ids;
  }

  private static void addRuleIds(Checkpoint checkpoint, Map<String, Integer> ids) {
    checkpoint.points().keySet().forEach(rule -> ids.putIfAbsent(rule, ids.size()));
    checkpoint.capCounts().keySet().forEach(key -> ids.putIfAbsent(key.ruleId(), ids.size()));
    checkpoint.fired().forEach(rule -> ids.putIfAbsent(rule, ids.size()));
    checkpoint.answers().keySet().forEach(rule -> ids.putIfAbsent(rule, ids.size()));
  }

  private static final class Writer extends BinaryWriter {

    Writer() {
      super(256);
    }

    /**
     * The other stages once each; the checkpoint's stage; then the recent events' stages as runs (how many events,
     * which stage), since a lead changes stage rarely within the window. A stage is written as its position, 0 for
     * the lead's own.
     */
    void path(String stage, EngagementLedger ledger) {
      Map<String, Integer> others = new LinkedHashMap<>();
      List<String> steps = new ArrayList<>(ledger.recent().size() + 1);
      steps.add(ledger.checkpointStage());
      ledger.recent().forEach(entry -> steps.add(entry.stage()));
      for (String step : steps) {
        if (!onStage(stage, step)) {
          others.putIfAbsent(step, others.size() + 1);
        }
      }
      varint(others.size());
      others.keySet().forEach(this::string);
      varint(code(stage, ledger.checkpointStage(), others));
      List<LedgerEntry> recent = ledger.recent();
      List<int[]> runs = new ArrayList<>();
      for (LedgerEntry entry : recent) {
        int code = code(stage, entry.stage(), others);
        if (runs.isEmpty() || runs.get(runs.size() - 1)[0] != code) {
          runs.add(new int[] {code, 0});
        }
        runs.get(runs.size() - 1)[1]++;
      }
      varint(runs.size());
      for (int[] run : runs) {
        varint(run[0]);
        varint(run[1]);
      }
    }

    private static int code(String stage, String step, Map<String, Integer> others) {
      return onStage(stage, step) ? 0 : others.get(step);
    }

    void checkpoint(Checkpoint checkpoint, Map<String, Integer> ruleIds, long base) {
      Long last = checkpoint.lastActivityAt();
      varint(last == null ? 0 : 1);
      if (last != null) {
        varlong(last - base);
      }
      varint(checkpoint.points().size());
      checkpoint.points().forEach((rule, points) -> {
        varint(ruleIds.get(rule));
        number(points);
      });
      varint(checkpoint.capCounts().size());
      checkpoint.capCounts().forEach((key, count) -> {
        varint(ruleIds.get(key.ruleId()));
        varlong(key.period());
        varint(count);
      });
      varint(checkpoint.fired().size());
      checkpoint.fired().forEach(rule -> varint(ruleIds.get(rule)));
      if (checkpoint.answers().isEmpty()) {
        return;
      }
      varint(checkpoint.answers().size());
      checkpoint.answers().forEach((rule, answered) -> {
        varint(ruleIds.get(rule));
        varlong(answered.time() - base);
        varint(answered.answer());
      });
    }
  }

  private static final class Reader extends BinaryReader {
    private final boolean hitsWithAnswers;

    Reader(byte[] bytes) {
      super(bytes, 1);
      this.hitsWithAnswers = bytes[0] != VERSION_WITHOUT_ANSWERS;
    }

    LeadState state() {
      int flags = varint();
      String stage = string();
      long base = varlong();
      Long due = (flags & DUE) != 0 ? base + varlong() : null;
      Long check = (flags & CHECK) != 0 ? base + varlong() : null;
      Long spilled = (flags & SPILLED) != 0 ? base + varlong() : null;
      Grade grade = (flags & GRADE) != 0 ? GRADES[varint()] : null;
      FitState fit = (flags & FIT) != 0
          ? new FitState(fixedInt() & 0xffffffffL, (flags & PROFILE_KNOWN) != 0, bits(), bits(),
              (flags & ACCOUNT) != 0 ? string() : null, (flags & ROLE) != 0 ? string() : null) : null;
      Long published = (flags & PUBLISHED) != 0 ? fixedLong() : null;
      String[] ruleIds = new String[count()];
      for (int i = 0; i < ruleIds.length; i++) {
        ruleIds[i] = string();
      }
      Checkpoint checkpoint = checkpoint(ruleIds, base, (flags & ANSWERS) != 0);
      String checkpointStage = stage;
      String[] path = null;
      if ((flags & PATH) != 0) {
        String[] stages = new String[count() + 1];
        stages[0] = stage;
        for (int i = 1; i < stages.length; i++) {
          stages[i] = string();
        }
        checkpointStage = stages[varint()];
        int runs = count();
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
          String step = stages[varint()];
          int length = count();
          for (int j = 0; j < length; j++) {
            steps.add(step);
          }
        }
        path = steps.toArray(new String[0]);
      }
      int recentCount = count();
      if (path != null && path.length != recentCount) {
        throw new IllegalArgumentException("a stage path of " + path.length + " for " + recentCount + " events");
      }
      List<LedgerEntry> recent = new ArrayList<>(recentCount);
      long previous = base;
      for (int i = 0; i < recentCount; i++) {
        long time = previous + varlong();
        previous = time;
        long hash = fixedLong();
        int hitCount = count();
        List<RuleHit> hits = new ArrayList<>(hitCount);
        for (int h = 0; h < hitCount; h++) {
          hits.add(hit(ruleIds));
        }
        recent.add(new LedgerEntry(hash, time, hits, path == null ? stage : path[i]));
      }
      int seenCount = count();
      List<SeenEvent> seen = new ArrayList<>(seenCount);
      previous = base;
      for (int i = 0; i < seenCount; i++) {
        long time = previous + varlong();
        previous = time;
        seen.add(new SeenEvent(fixedLong(), time));
      }
      end("the state");
      // The settled checkpoint is not stored: the engine replays the recent events onto the checkpoint when asked.
      Checkpoint settled = recent.isEmpty() ? checkpoint : null;
      Boolean awaiting = (flags & AWAITING_KNOWN) != 0 ? (flags & AWAITING_OUTCOME) != 0 : null;
      return new LeadState(stage,
          new EngagementLedger(checkpoint, recent, settled, seen, spilled, checkpointStage), base, due, grade,
          check, fit, published, awaiting);
    }

    private Checkpoint checkpoint(String[] ruleIds, long base, boolean withAnswers) {
      Long last = varint() == 1 ? base + varlong() : null;
      int pointCount = count();
      Map<String, Double> points = new LinkedHashMap<>(pointCount * 2);
      for (int i = 0; i < pointCount; i++) {
        points.put(ruleIds[varint()], number());
      }
      int capCount = count();
      Map<CapPeriod, Integer> caps = new HashMap<>(capCount * 2);
      for (int i = 0; i < capCount; i++) {
        String rule = ruleIds[varint()];
        caps.put(new CapPeriod(rule, varlong()), varint());
      }
      int firedCount = count();
      Set<String> fired = new HashSet<>(firedCount * 2);
      for (int i = 0; i < firedCount; i++) {
        fired.add(ruleIds[varint()]);
      }
      int answerCount = withAnswers ? count() : 0;
      Map<String, Answered> answered = new HashMap<>(answerCount * 2);
      for (int i = 0; i < answerCount; i++) {
        String rule = ruleIds[varint()];
        answered.put(rule, new Answered(base + varlong(), varint()));
      }
      return new Checkpoint(last, points, caps, fired, answered);
    }

    private RuleHit hit(String[] ruleIds) {
      if (!hitsWithAnswers) {
        return new RuleHit(ruleIds[varint()], number());
      }
      int tagged = varint();
      String rule = ruleIds[tagged >>> 1];
      int answer = (tagged & 1) != 0 ? varint() : EngagementRule.NO_ANSWER;
      return new RuleHit(rule, number(), answer);
    }
  }

  /** The state as versions before 2 wrote it, through Jackson: event ids in full, no fit, no ids seen. */
  record LegacyLeadState(String stage, LegacyLedger engagement, long evaluatedAt, Long decayDueAt, Grade grade,
      Long decayCheckAt) {

    LeadState migrate() {
      List<LedgerEntry> recent = engagement.recent() == null ? List.of() : engagement.recent().stream()
          .map(e -> new LedgerEntry(EventIds.hash(e.eventId()), e.time(),
              e.hits().stream().map(h -> new RuleHit(h.ruleId(), h.points())).toList(), stage)).toList();
      Checkpoint checkpoint = engagement.checkpoint().migrate();
      Checkpoint settled = recent.isEmpty() ? checkpoint : null;
      return new LeadState(stage, new EngagementLedger(checkpoint, recent, settled, List.of(), null, stage),
          evaluatedAt, decayDueAt, grade, decayCheckAt, null, null, null);
    }
  }

  record LegacyLedger(LegacyCheckpoint checkpoint, List<LegacyEntry> recent) {
  }

  /** Cap counters were keyed {@code rule@period}. */
  record LegacyCheckpoint(
      Long lastActivityAt, Map<String, Double> points, Map<String, Integer> capCounts, Set<String> fired) {

    Checkpoint migrate() {
      Map<CapPeriod, Integer> caps = new HashMap<>();
      capCounts.forEach((key, count) -> {
        int at = key.lastIndexOf('@');
        caps.put(new CapPeriod(key.substring(0, at), Long.parseLong(key.substring(at + 1))), count);
      });
      return new Checkpoint(lastActivityAt, new LinkedHashMap<>(points), caps, new HashSet<>(fired), new HashMap<>());
    }
  }

  record LegacyEntry(String eventId, long time, List<LegacyHit> hits) {
  }

  record LegacyHit(String ruleId, double points) {
  }
}
