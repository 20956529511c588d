package io.leadscore.score;

import java.util.BitSet;

/**
 * A lead's fit as its state keeps it, so that scoring an activity needs neither the profile nor its decoding: which
 * fit rules and which modifiers the profile matched, by their place in the rules, under the rules with this
 * fingerprint ({@link LeadScoring#needsFit}: other rules mean the profile must be matched again).
 */
public record FitState(long rulesFingerprint, boolean profileKnown, BitSet fitRules, BitSet modifiers) {

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
