package io.leadscore.score;

import io.leadscore.rules.Attributes;
import io.leadscore.rules.DecayType;
import io.leadscore.rules.Lifecycle;
import io.leadscore.rules.Modifier;
import io.leadscore.rules.Recycle;
import io.leadscore.rules.ScoreBasis;
import io.leadscore.rules.ScoringRules;
import io.leadscore.rules.Stage;
import io.leadscore.rules.Stages;
import io.leadscore.score.StageTransition.Cause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Scores leads under one set of rules: engagement, fit, modifiers, stage with hysteresis, and when decay is due. */
public final class LeadScoring {

  /** Decay further away than this is not indexed; a lead that takes longer to cross stays in its stage until then. */
  static final long DECAY_HORIZON_MS = Duration.ofDays(3650).toMillis();
  private static final long DECAY_RESOLUTION_MS = 1000;

  private final ScoringRules rules;
  private final EngagementEngine engagement;
  private final FitScorer fit;
  private final Map<String, String> descriptions;
  /** Per question rule, what each answer's reason says. */
  private final Map<String, List<String>> answerDescriptions;
  private final Stage customer;

  public LeadScoring(ScoringRules rules) {
    this.rules = rules;
    this.engagement = new EngagementEngine(rules.engagement(), rules.input());
    this.fit = new FitScorer(rules.fit(), rules.modifiers(), rules.accounts());
    this.descriptions = new HashMap<>();
    this.answerDescriptions = new HashMap<>();
    rules.engagement().rules().forEach(r -> {
      descriptions.put(r.id(), r.description());
      if (r.isQuestion()) {
        answerDescriptions.put(r.id(), r.answers().keySet().stream().map(a -> r.description() + ": " + a).toList());
      }
    });
    descriptions.put(EngagementEngine.DECAY, "Engagement lost to inactivity");
    descriptions.put(EngagementEngine.FLOOR, "Engagement never goes below " + rules.engagement().floor());
    Lifecycle lifecycle = rules.lifecycle();
    this.customer = new Stage(lifecycle.customerStage(), "Won: a customer", null, null, null, false,
        lifecycle.customerAction(), null, null);
  }

  public ScoringRules rules() {
    return rules;
  }

  public LeadState newLead() {
    String stage = rules.stages().at(0).id();
    return new LeadState(stage, EngagementLedger.empty(stage), Long.MIN_VALUE, null, null, null, fit.match(null), null,
        false);
  }

  /** Whether the lead's fit was matched under other rules (or not kept), so its profile must be matched again. */
  public boolean needsFit(LeadState state) {
    return state.fit() == null || state.fit().rulesFingerprint() != fit.fingerprint();
  }

  /** The state with its fit matched against {@code profile} (null while the profile has not arrived). */
  public LeadState refit(LeadState state, Attributes profile) {
    return state.withFit(fit.match(profile));
  }

  /** Whether the lead already scored this activity's event id; the state may only point to the overflow store. */
  public DuplicateCheck duplicateCheck(LeadState state, Activity activity) {
    return engagement.duplicateCheck(state.engagement(), EventIds.hash(activity.eventId()), activity.eventTime());
  }

  /**
   * Scores an activity; empty when no rule matches it or the lead is a customer, which leaves the lead as it was (a
   * repeat of such an event changes nothing either, so only scored events are remembered for deduplication).
   */
  public Optional<Scored> onActivity(String leadId, LeadState state, Activity activity) {
    return credit(state, activity, false).map(credited -> onCredited(leadId, credited, activity.eventTime()));
  }

  /**
   * The lead's state with an activity placed in its engagement history at its event time, not yet evaluated; empty
   * as for {@link #onActivity}. Activity of the lead's visitor from before it was identified keeps its points apart,
   * for the explanation, and counts against the same caps as the rest.
   */
  public Optional<LeadState> credit(LeadState state, Activity activity, boolean beforeIdentification) {
    if (isCustomer(state)) {
      return Optional.empty();
    }
    List<RuleHit> hits = engagement.hits(activity);
    if (hits.isEmpty()) {
      return Optional.empty();
    }
    if (beforeIdentification) {
      hits = hits.stream().map(RuleHit::beforeIdentification).toList();
    }
    return Optional.of(state.withEngagement(engagement.record(state.engagement(),
        new LedgerEntry(EventIds.hash(activity.eventId()), activity.eventTime(), hits), state.stage(),
        staging(state.fit()))));
  }

  /** Evaluates a lead once after {@link #credit} placed one or more activities, the newest at {@code newestEvent}. */
  public Scored onCredited(String leadId, LeadState credited, long newestEvent) {
    EngagementEngine.Spill spill = engagement.spill(credited.engagement());
    Scored scored = evaluate(leadId, credited.withEngagement(spill.ledger()),
        Math.max(newestEvent, credited.evaluatedAt()), Cause.ACTIVITY);
    return scored.withSpilled(spill.spilled());
  }

  /**
   * The lead with the history of a lead merged into it ({@link EngagementEngine#union}), evaluated once: a change of
   * stage has cause MERGE. The lead keeps its own fit, stage and sales status: the survivor's id, never the merged
   * one's, is the lead.
   */
  public Scored onMerge(String leadId, LeadState survivor, LeadState merged, long time) {
    EngagementLedger union = engagement.union(survivor.engagement(), merged.engagement(), survivor.stage(),
        staging(survivor.fit()));
    EngagementEngine.Spill spill = engagement.spill(union);
    Scored scored = evaluate(leadId, survivor.withEngagement(spill.ledger()), Math.max(time,
        Math.max(survivor.evaluatedAt(), merged.evaluatedAt())), Cause.MERGE);
    return scored.withSpilled(spill.spilled());
  }

  public Scored onProfile(String leadId, LeadState state, Attributes profile, long time) {
    return evaluate(leadId, refit(state, profile), Math.max(time, state.evaluatedAt()), Cause.PROFILE);
  }

  /** Re-evaluates a lead whose decay was due; {@code now} is wall-clock time. */
  public Scored onDecayDue(String leadId, LeadState state, long now) {
    return evaluate(leadId, state, Math.max(now, state.evaluatedAt()), Cause.DECAY);
  }

  /**
   * Applies what sales reported: a rejected, recycled or lost lead drops to the rules' stage with the share of its
   * engagement they keep; a won lead becomes a customer and leaves scoring. Empty for outcomes that change nothing
   * here (accepted, opportunity) and for customers.
   */
  public Optional<Scored> onOutcome(String leadId, LeadState state, SalesOutcome outcome, long time) {
    Lifecycle lifecycle = rules.lifecycle();
    Recycle recycle = switch (outcome) {
      case REJECTED -> lifecycle.rejected();
      case RECYCLED -> lifecycle.recycled();
      case LOST -> lifecycle.lost();
      case ACCEPTED, OPPORTUNITY, WON -> null;
    };
    if (isCustomer(state) || (recycle == null && outcome != SalesOutcome.WON)) {
      return Optional.empty();
    }
    long at = Math.max(time, state.evaluatedAt());
    Stage from = rules.stages().at(Math.max(0, rules.stages().indexOf(state.stage())));
    Checkpoint checkpoint = engagement.settle(state.engagement());
    Fit fitNow = fit.fit(state.fit());
    List<Modifier> modifiers = fit.modifiers(state.fit());
    if (outcome == SalesOutcome.WON) {
      ScoreCard card = card(leadId, checkpoint, fitNow, modifiers, at, customer);
      return Optional.of(Scored.of(state, state.evaluated(customer.id(), state.engagement(), at, null, card), card,
          Optional.of(new StageTransition(from, customer, true, Cause.CRM))));
    }
    EngagementLedger kept = engagement.scale(state.engagement(), recycle.keepEngagement());
    Stage to = rules.stages().at(rules.stages().indexOf(recycle.stage()));
    Checkpoint keptCheckpoint = engagement.settle(kept);
    ScoreCard card = card(leadId, keptCheckpoint, fitNow, modifiers, at, to);
    Long due = decayDue(keptCheckpoint, fitNow, modifiers, at, to);
    Optional<StageTransition> transition = to.equals(from) ? Optional.empty()
        : Optional.of(new StageTransition(from, to, rules.stages().indexOf(to.id()) > rules.stages().indexOf(
            from.id()), Cause.CRM));
    return Optional.of(Scored.of(state, state.evaluated(to.id(), kept, at, due, card), card, transition));
  }

  /**
   * The lead as these rules, just promoted, take it over from the shadow where they scored it: re-evaluated at
   * {@code time}, with one stage change, cause RULES, when its stage differs from {@code liveStage}, the stage the rules
   * live until then gave it (null if they never scored it; a stage these rules do not have counts as below every
   * stage). Its card is published whatever the stage, so that the lead's latest score names these rules.
   */
  public Scored onPromotion(String leadId, LeadState state, String liveStage, boolean liveQualified, long time) {
    Scored evaluated = evaluate(leadId, state, Math.max(time, state.evaluatedAt()), Cause.RULES);
    Stages stages = rules.stages();
    Stage to = evaluated.card().stage();
    int index = liveStage == null ? 0 : stages.indexOf(liveStage);
    Stage from = index >= 0 ? stages.at(index)
        : new Stage(liveStage, "A stage of the rules before", null, null, null, liveQualified,
            "As the rules before said", null, null);
    Optional<StageTransition> transition = from.id().equals(to.id()) ? Optional.empty()
        : Optional.of(new StageTransition(from, to, stages.indexOf(to.id()) > index, Cause.RULES));
    return new Scored(evaluated.state(), evaluated.card(), transition, true, List.of());
  }

  /** The lead's score card at {@code now}, in its current stage, with every contribution decayed to now. */
  public ScoreCard explain(String leadId, LeadState state, long now) {
    Stage stage = isCustomer(state) ? customer
        : rules.stages().at(Math.max(0, rules.stages().indexOf(state.stage())));
    return card(leadId, engagement.settle(state.engagement()), fit.fit(state.fit()), fit.modifiers(state.fit()),
        Math.max(now, state.evaluatedAt()), stage);
  }

  /**
   * A late event's replay of the stage path: after each event the lead moves as in-order arrival would have moved it,
   * from the stage before and the score at that event's time, under the lead's fit now.
   */
  private EngagementEngine.Staging staging(FitState fitState) {
    return new EngagementEngine.Staging() {
      // Most events come in order and replay nothing: the fit is worked out for the first event a replay places.
      private Fit fitNow;
      private List<Modifier> modifiers;

      @Override
      public String after(String before, Checkpoint through, long time) {
        if (fitNow == null) {
          fitNow = fit.fit(fitState);
          modifiers = fit.modifiers(fitState);
        }
        Stages stages = rules.stages();
        return stages.at(stages.next(Math.max(0, stages.indexOf(before)),
            scoreAt(through, fitNow, modifiers, time), fitNow.grade())).id();
      }
    };
  }

  private boolean isCustomer(LeadState state) {
    return customer.id().equals(state.stage());
  }

  private Scored evaluate(String leadId, LeadState state, long at, Cause cause) {
    Stages stages = rules.stages();
    Checkpoint checkpoint = engagement.settle(state.engagement());
    Fit fitNow = fit.fit(state.fit());
    List<Modifier> modifiers = fit.modifiers(state.fit());
    if (isCustomer(state)) {
      ScoreCard card = card(leadId, checkpoint, fitNow, modifiers, at, customer);
      return Scored.of(state, state.evaluated(customer.id(), state.engagement(), at, null, card), card,
          Optional.empty());
    }
    int published = Math.max(0, stages.indexOf(state.stage()));
    // The stage path ends where the lead is, unless a late event replayed it: then it ends where in-order arrival
    // would have left the lead, which may differ from where hysteresis kept it.
    String tail = state.engagement().tailStage();
    int current = tail == null ? published : Math.max(0, stages.indexOf(tail));
    ScoreCard provisional = card(leadId, checkpoint, fitNow, modifiers, at, stages.at(current));
    int next = stages.next(current, provisional.score(), provisional.grade());
    ScoreCard card = next == current ? provisional : withStage(provisional, stages.at(next));
    Optional<StageTransition> transition = Optional.empty();
    if (next != published) {
      boolean reordered = current != published
          && next != stages.next(published, provisional.score(), provisional.grade());
      transition = Optional.of(new StageTransition(stages.at(published), stages.at(next), next > published,
          reordered ? Cause.REORDER : cause));
    }
    Long due = decayDue(checkpoint, fitNow, modifiers, at, stages.at(next));
    return Scored.of(state, state.evaluated(stages.at(next).id(), state.engagement(), at, due, card), card,
        transition);
  }

  /**
   * The first time decay takes the lead below {@code stage}'s exit, to the second. Decay only lowers a score (the floor
   * is not negative and modifiers are positive), so the score is monotone in time and a bisection finds the crossing.
   * It starts from the bracket the closed form gives ({@link DecayCrossing}), confirmed by exact evaluations and widened
   * until they agree, so a handful of evaluations replaces a search over the whole horizon.
   */
  private Long decayDue(
      Checkpoint checkpoint, Fit fitNow, List<Modifier> modifiers, long at, Stage stage) {
    if (stage.exit() == null || rules.engagement().decay().type() == DecayType.NONE) {
      return null;
    }
    double exit = stage.exit();
    long horizon = at + DECAY_HORIZON_MS;
    if (scoreAt(checkpoint, fitNow, modifiers, horizon) >= exit) {
      return null;
    }
    if (scoreAt(checkpoint, fitNow, modifiers, at) < exit) {
      return at;
    }
    long lo = at;
    long hi = horizon;
    DecayCrossing crossing = crossing(checkpoint, fitNow, modifiers, exit);
    if (crossing != null) {
      long width = crossing.halfWidth();
      lo = Math.max(at, crossing.estimate() - width);
      while (lo > at && scoreAt(checkpoint, fitNow, modifiers, lo) < exit) {
        width *= 2;
        lo = Math.max(at, crossing.estimate() - width);
      }
      width = crossing.halfWidth();
      hi = Math.max(lo + 1, Math.min(horizon, crossing.estimate() + width));
      while (hi < horizon && scoreAt(checkpoint, fitNow, modifiers, hi) >= exit) {
        width *= 2;
        hi = Math.min(horizon, crossing.estimate() + width);
      }
    }
    while (hi - lo > DECAY_RESOLUTION_MS) {
      long mid = lo + (hi - lo) / 2;
      if (scoreAt(checkpoint, fitNow, modifiers, mid) < exit) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  private DecayCrossing crossing(Checkpoint checkpoint, Fit fitNow, List<Modifier> modifiers, double exit) {
    if (checkpoint.lastActivityAt() == null) {
      return null;
    }
    boolean total = rules.stages().basis() == ScoreBasis.TOTAL;
    double factor = 1;
    for (Modifier modifier : modifiers) {
      factor *= modifier.factor();
    }
    int terms = checkpoint.points().size() + 2 * modifiers.size() + (total ? fitNow.reasons().size() : 0);
    return DecayCrossing.of(rules.engagement().decay(), rules.engagement().floor(), checkpoint.lastActivityAt(),
        EngagementEngine.sum(checkpoint.points()), total ? fitNow.points() : 0, factor, terms, exit);
  }

  private ScoreCard card(
      String leadId, Checkpoint checkpoint, Fit fitNow, List<Modifier> modifiers, long at, Stage stage) {
    Engagement now = engagement.valueAt(checkpoint, at);
    List<Reason> reasons = new ArrayList<>();
    Tally tally = tally(engagementReasons(now, checkpoint.answers(), reasons), fitNow, modifiers, reasons);
    return new ScoreCard(leadId, tally.engagement(), fitNow.points(), tally.score(), fitNow.grade(), stage,
        List.copyOf(reasons), fitNow.reasons(), fitNow.profileKnown(), rules.version(), at, now.lastActivityAt());
  }

  /** The score alone, as {@link #card} computes it: the decay search asks for it many times per update. */
  private double scoreAt(Checkpoint checkpoint, Fit fitNow, List<Modifier> modifiers, long at) {
    return tally(engagement.roundedTotalAt(checkpoint, at), fitNow, modifiers, null).score();
  }

  private record Tally(double engagement, double score) {
  }

  /** The card's engagement reasons, each contribution rounded as its reason shows it, into {@code reasons}. */
  private double engagementReasons(Engagement now, Map<String, Answered> answers, List<Reason> reasons) {
    double total = 0;
    for (Map.Entry<String, Double> entry : now.points().entrySet()) {
      double points = Points.round(entry.getValue());
      total += points;
      reasons.add(engagementReason(entry.getKey(), answers.get(entry.getKey()), points));
    }
    return total;
  }

  /**
   * Engagement points and the score from the sum of the rounded engagement contributions, so that the reasons add up
   * to the score exactly; fit and modifier reasons go into {@code reasons} unless it is null.
   */
  private Tally tally(double roundedEngagement, Fit fitNow, List<Modifier> modifiers, List<Reason> reasons) {
    double total = roundedEngagement;
    double engagementPoints = Points.round(total);
    if (rules.stages().basis() == ScoreBasis.TOTAL) {
      for (Reason reason : fitNow.reasons()) {
        total += reason.points();
      }
      if (reasons != null) {
        reasons.addAll(fitNow.reasons());
      }
    }
    double running = Points.round(total);
    for (Modifier modifier : modifiers) {
      double delta = Points.round(running * modifier.factor() - running);
      if (reasons != null) {
        reasons.add(new Reason(ReasonKind.MODIFIER, modifier.id(), modifier.description(), delta));
      }
      running = Points.round(running + delta);
    }
    return new Tally(engagementPoints, running);
  }

  private Reason engagementReason(String key, Answered answered, double points) {
    ReasonKind kind = switch (key) {
      case EngagementEngine.DECAY -> ReasonKind.DECAY;
      case EngagementEngine.FLOOR -> ReasonKind.FLOOR;
      default -> ReasonKind.ENGAGEMENT;
    };
    String ruleId = RuleHit.ruleOf(key);
    List<String> byAnswer = answered == null ? null : answerDescriptions.get(ruleId);
    String description = byAnswer != null && answered.answer() < byAnswer.size() ? byAnswer.get(answered.answer())
        : descriptions.get(ruleId);
    if (description == null) {
      description = ruleId + " (no longer in the rules)";
    }
    boolean beforeIdentification = RuleHit.isBeforeIdentification(key);
    if (beforeIdentification) {
      description += " (before identification)";
    }
    return new Reason(kind, ruleId, description, points, beforeIdentification);
  }

  private static ScoreCard withStage(ScoreCard card, Stage stage) {
    return new ScoreCard(card.leadId(), card.engagement(), card.fit(), card.score(), card.grade(), stage,
        card.reasons(), card.fitReasons(), card.profileKnown(), card.rulesVersion(), card.evaluatedAt(),
        card.lastActivityAt());
  }

}
