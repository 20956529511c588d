package io.leadscore.score;

import io.leadscore.rules.AccountRules;
import io.leadscore.rules.Attributes;
import io.leadscore.rules.FitRule;
import io.leadscore.rules.FitRules;
import io.leadscore.rules.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Explicit scoring: every profile rule that matches adds its points; the sum gives the grade. A profile is matched
 * once, when it changes ({@link #match}); scoring then reads the matches from the lead's state ({@link #fit}).
 */
public final class FitScorer {

  private final FitRules rules;
  private final List<Modifier> modifiers;
  private final AccountRules accounts;
  private final long fingerprint;

  public FitScorer(FitRules rules, List<Modifier> modifiers, AccountRules accounts) {
    this.rules = rules;
    this.modifiers = List.copyOf(modifiers);
    this.accounts = accounts;
    CRC32C crc = new CRC32C();
    // Records print every component, patterns as written: equal text, equal matching. 32 bits, as the state keeps it.
    // Only the parts of the account rules that a profile is matched against count: the rest is read when scoring.
    String accountMatching = accounts.enabled() ? accounts.freeMailDomains() + "|" + accounts.buyingGroup() : "";
    crc.update((rules + "|" + modifiers + accountMatching).getBytes(StandardCharsets.UTF_8));
    this.fingerprint = crc.getValue();
  }

  long fingerprint() {
    return fingerprint;
  }

  /** {@code profile} is null while the lead's CRM profile has not arrived. */
  public FitState match(Attributes profile) {
    BitSet fitRules = new BitSet();
    BitSet matchedModifiers = new BitSet();
    if (profile != null) {
      for (int i = 0; i < rules.rules().size(); i++) {
        fitRules.set(i, rules.rules().get(i).when().matches(profile));
      }
      for (int i = 0; i < modifiers.size(); i++) {
        matchedModifiers.set(i, modifiers.get(i).when().matches(profile));
      }
    }
    String account = profile == null ? null : accounts.accountOf(profile.text("companyDomain").orElse(null));
    String role = account == null ? null
        : accounts.buyingGroup().roleOf(profile.text(accounts.buyingGroup().roleFrom()).orElse(null));
    return new FitState(fingerprint, profile != null, fitRules, matchedModifiers, account, role);
  }

  public Fit fit(FitState state) {
    if (!state.profileKnown()) {
      return new Fit(0, rules.withoutProfile(), List.of(), false);
    }
    List<Reason> reasons = new ArrayList<>();
    double points = 0;
    for (int i = 0; i < rules.rules().size(); i++) {
      if (state.matchedRule(i)) {
        FitRule rule = rules.rules().get(i);
        reasons.add(new Reason(ReasonKind.FIT, rule.id(), rule.description(), rule.points()));
        points += rule.points();
      }
    }
    return new Fit(points, rules.grades().grade(points), List.copyOf(reasons), true);
  }

  public List<Modifier> modifiers(FitState state) {
    List<Modifier> matched = new ArrayList<>(1);
    for (int i = 0; i < modifiers.size(); i++) {
      if (state.matchedModifier(i)) {
        matched.add(modifiers.get(i));
      }
    }
    return matched;
  }
}
