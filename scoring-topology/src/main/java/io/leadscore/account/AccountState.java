package io.leadscore.account;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An account: each lead's part, the firmographics of its leads' latest profile, its stage ({@code null} until first
 * evaluated), when it was last evaluated, and when decay next takes it below its stage. Its task stores it without the
 * leads' parts ({@link #withoutLeads}), which have a store of their own, so that a lead's change costs one small write
 * however many leads the account has.
 */
public record AccountState(
    Map<String, LeadPart> leads, Map<String, String> firmographics, String stage, Long evaluatedAt, Long decayDueAt) {

  public static final AccountState NEW = new AccountState(Map.of(), Map.of(), null, null, null);

  public AccountState {
    leads = leads == null ? Map.of() : Map.copyOf(leads);
    firmographics = firmographics == null ? Map.of() : Map.copyOf(firmographics);
  }

  /** The account with {@code leadId}'s part set, or removed when {@code part} is null. */
  public AccountState withLead(String leadId, LeadPart part) {
    Map<String, LeadPart> changed = new LinkedHashMap<>(leads);
    if (part == null) {
      changed.remove(leadId);
    } else {
      changed.put(leadId, part);
    }
    return new AccountState(changed, firmographics, stage, evaluatedAt, decayDueAt);
  }

  public AccountState withLeads(Map<String, LeadPart> parts) {
    return new AccountState(parts, firmographics, stage, evaluatedAt, decayDueAt);
  }

  public AccountState withoutLeads() {
    return leads.isEmpty() ? this : withLeads(Map.of());
  }

  public AccountState withFirmographics(Map<String, String> attributes) {
    return new AccountState(leads, attributes, stage, evaluatedAt, decayDueAt);
  }

  AccountState evaluated(String newStage, long at, Long due) {
    return new AccountState(leads, firmographics, newStage, at, due);
  }
}
