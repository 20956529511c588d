package io.leadscore.topology;

import io.leadscore.account.LeadPart;
import java.util.Map;

/**
 * A lead's change in its account, keyed by the account's domain: its new part ({@code part}; null when the lead left
 * the account, for another company, free mail or none), and the firmographics of its profile when the profile changed
 * (null otherwise).
 */
record AccountChange(String leadId, LeadPart part, Map<String, String> firmographics) {

  /** The profile attributes an account's fit rules match. */
  static final java.util.List<String> FIRMOGRAPHICS = java.util.List.of("company", "industry", "employees",
      "annualRevenue", "country", "region", "city");
}
