package io.leadscore.account;

import io.leadscore.rules.AccountRules;
import io.leadscore.rules.AccountRules.AccountStage;
import io.leadscore.rules.Attributes;
import io.leadscore.rules.Decay;
import io.leadscore.rules.FitRule;
import io.leadscore.rules.Hysteresis;
import io.leadscore.score.Points;
import io.leadscore.score.Reason;
import io.leadscore.score.ReasonKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Scores accounts from their leads' parts: engagement (sum or top N, each lead's decayed as the lead's own), fit from
 * firmographic rules, buying-group coverage, and the account stage with hysteresis. Entering a qualified stage from
 * one that is not makes the account an MQA, once per such entry.
 */
public final class AccountScoring {

  /** Decay further away than this is not looked for, as for leads. */
  static final long DECAY_HORIZON_MS = Duration.ofDays(3650).toMillis();
  private static final long DECAY_RESOLUTION_MS = 1000;

  private final AccountRules rules;
  private final Decay decay;
  private final double floor;

  public AccountScoring(AccountRules rules, Decay decay, double floor) {
    this.rules = rules;
    this.decay = decay;
    this.floor = floor;
  }

  public AccountRules rules() {
    return rules;
  }

  /** A change of stage; {@code mqa} when the account entered a qualified stage from one that is not. */
  public record Transition(AccountStage from, AccountStage to, boolean up, boolean mqa) {
  }

  public record Evaluation(AccountState state, AccountCard card, Optional<Transition> transition) {
  }

  /**
   * The account at {@code at}, from its stage (the first for a new account); its state remembers the stage and when
   * decay will next move it.
   */
  public Evaluation evaluate(String domain, AccountState state, long at) {
    int current = state.stage() == null ? 0 : Math.max(0, rules.indexOf(state.stage()));
    AccountCard provisional = card(domain, state, at, rules.stages().get(current));
    int next = next(current, provisional.score(), provisional.coverage());
    AccountStage to = rules.stages().get(next);
    AccountCard card = next == current ? provisional : withStage(provisional, to);
    Optional<Transition> transition = Optional.empty();
    if (next != current) {
      AccountStage from = rules.stages().get(current);
      transition = Optional.of(new Transition(from, to, next > current, to.qualified() && !from.qualified()));
    }
    return new Evaluation(state.evaluated(to.id(), at, decayDue(state, at, to, card.fit())), card, transition);
  }

  private int next(int current, double score, double coverage) {
    return Hysteresis.next(rules.stages(), current, stage -> stage.canEnter(score, coverage),
        stage -> stage.canStay(score, coverage));
  }

  AccountCard card(String domain, AccountState state, long at, AccountStage stage) {
    List<AccountCard.Contributor> leads = new ArrayList<>(state.leads().size());
    for (Map.Entry<String, LeadPart> lead : state.leads().entrySet()) {
      LeadPart part = lead.getValue();
      leads.add(new AccountCard.Contributor(lead.getKey(), Points.round(engagementAt(part, at)), true, part.role(),
          part.lastActivityAt()));
    }
    leads.sort(Comparator.comparingDouble(AccountCard.Contributor::engagement).reversed()
        .thenComparing(AccountCard.Contributor::leadId));
    for (int i = counted(leads.size()); i < leads.size(); i++) {
      AccountCard.Contributor lead = leads.get(i);
      leads.set(i, new AccountCard.Contributor(lead.leadId(), lead.engagement(), false, lead.role(),
          lead.lastActivityAt()));
    }
    Standing standing = new Standing(state);
    double engagement = standing.engagement(at);
    Attributes firmographics = new Attributes(state.firmographics());
    List<Reason> fitReasons = new ArrayList<>();
    double fit = 0;
    for (FitRule rule : rules.fit()) {
      if (!state.firmographics().isEmpty() && rule.when().matches(firmographics)) {
        fitReasons.add(new Reason(ReasonKind.FIT, rule.id(), rule.description(), rule.points()));
        fit += rule.points();
      }
    }
    TreeSet<String> engaged = new TreeSet<>();
    long since = at - rules.buyingGroup().window().toMillis();
    for (LeadPart part : state.leads().values()) {
      if (part.role() != null && part.lastActivityAt() != null && part.lastActivityAt() >= since) {
        engaged.add(part.role());
      }
    }
    List<String> missing = rules.buyingGroup().required().stream().filter(role -> !engaged.contains(role)).toList();
    return new AccountCard(domain, engagement, fit, Points.round(engagement + fit), standing.coverage(at),
        List.copyOf(engaged), missing, stage, List.copyOf(leads), List.copyOf(fitReasons), state.firmographics(), at);
  }

  /** A lead's engagement as of {@code at}, decayed from its part's time as the lead's own decays. */
  double engagementAt(LeadPart part, long at) {
    if (at <= part.at()) {
      return part.engagement();
    }
    return switch (decay.type()) {
      case EXPONENTIAL -> part.engagement() * Math.pow(0.5, (double) (at - part.at()) / decay.halfLife().toMillis());
      case LINEAR -> Math.max(Math.min(floor, part.engagement()),
          part.engagement() - (periods(part, at) - periods(part, part.at())) * decay.points());
      case NONE -> part.engagement();
    };
  }

  /** Linear decay's periods lost by {@code at} since the lead was last active. */
  private long periods(LeadPart part, long at) {
    if (part.lastActivityAt() == null) {
      return 0;
    }
    long idle = at - part.lastActivityAt() - decay.after().toMillis();
    return idle <= 0 ? 0 : idle / decay.every().toMillis();
  }

  /**
   * When decay, or a lead's role leaving the coverage window, first takes the account out of {@code stage}: both only
   * lower it as time passes, so a bisection finds the moment. Null when it stays past the horizon. The search asks
   * for the score and coverage many times, so it works on arrays of the leads' parts rather than on cards.
   */
  private Long decayDue(AccountState state, long at, AccountStage stage, double fit) {
    if (rules.indexOf(stage.id()) == 0) {
      return null;
    }
    Standing standing = new Standing(state);
    long horizon = at + DECAY_HORIZON_MS;
    if (standing.stays(horizon, stage, fit)) {
      return null;
    }
    long lo = at;
    long hi = horizon;
    while (hi - lo > DECAY_RESOLUTION_MS) {
      long mid = lo + (hi - lo) / 2;
      if (standing.stays(mid, stage, fit)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  /** How many of {@code leads} leads, most engaged first, count towards the account's engagement. */
  private int counted(int leads) {
    return rules.engagement().topOnly() ? Math.min(rules.engagement().top(), leads) : leads;
  }

  /**
   * An account's leads as arrays: its engagement and coverage at any time, for the card and for the decay search, which
   * asks for them many times.
   */
  private final class Standing {
    private final LeadPart[] parts;
    private final double[] values;
    private final int[] roles;
    private final List<String> required;

    Standing(AccountState state) {
      this.parts = state.leads().values().toArray(new LeadPart[0]);
      this.values = new double[parts.length];
      this.required = rules.buyingGroup().required();
      this.roles = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        roles[i] = parts[i].role() == null ? -1 : required.indexOf(parts[i].role());
      }
    }

    /** The leads' engagement as of {@code at}, each rounded, summed from the most engaged over those counted. */
    double engagement(long at) {
      for (int i = 0; i < parts.length; i++) {
        values[i] = Points.round(engagementAt(parts[i], at));
      }
      Arrays.sort(values);
      double engagement = 0;
      for (int i = values.length - 1; i >= values.length - counted(values.length); i--) {
        engagement += values[i];
      }
      return Points.round(engagement);
    }

    /** The share of the required roles with a lead active within the buying group's window before {@code at}. */
    double coverage(long at) {
      if (required.isEmpty()) {
        return 1;
      }
      long since = at - rules.buyingGroup().window().toMillis();
      boolean[] covered = new boolean[required.size()];
      int count = 0;
      for (int i = 0; i < parts.length; i++) {
        if (roles[i] >= 0 && !covered[roles[i]] && parts[i].lastActivityAt() != null
            && parts[i].lastActivityAt() >= since) {
          covered[roles[i]] = true;
          count++;
        }
      }
      return (double) count / required.size();
    }

    boolean stays(long at, AccountStage stage, double fit) {
      return stage.canStay(Points.round(engagement(at) + fit), coverage(at));
    }
  }

  private static AccountCard withStage(AccountCard card, AccountStage stage) {
    return new AccountCard(card.domain(), card.engagement(), card.fit(), card.score(), card.coverage(),
        card.rolesEngaged(), card.rolesMissing(), stage, card.leads(), card.fitReasons(), card.firmographics(),
        card.evaluatedAt());
  }
}
