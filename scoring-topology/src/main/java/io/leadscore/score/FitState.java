package io.leadscore.score;

import java.util.BitSet;

/**
 * A lead's fit as its state keeps it, so that scoring an activity needs neither the profile nor its decoding: which
 * fit rules and which modifiers the profile matched, by their place in the rules, under the rules with this
 * fingerprint ({@link LeadScoring#needsFit}: other rules mean the profile must be matched again); and the account the
 * lead rolls up to with its buying-group role (each null for none).
 */
public record FitState(long rulesFingerprint, boolean profileKnown, BitSet fitRules, BitSet modifiers, String account,
    String role) {

  public FitState(long rulesFingerprint, boolean profileKnown, BitSet fitRules, BitSet modifiers) {
    this(rulesFingerprint, profileKnown, fitRules, modifiers, null, null);
  }

  public FitState {
    fitRules = (BitSet) fitRules.clone();
    modifiers = (BitSet) modifiers.clone();
  }

  @Override
  public BitSet fitRules() {
    return (BitSet) fitRules.clone();
  }

  @Override
  public BitSet modifiers() {
    return (BitSet) modifiers.clone();
  }

  boolean matchedRule(int index) {
    return fitRules.get(index);
  }

  boolean matchedModifier(int index) {
    return modifiers.get(index);
  }
}
