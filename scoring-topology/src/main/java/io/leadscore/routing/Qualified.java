package io.leadscore.routing;

import io.leadscore.rules.Attributes;
import io.leadscore.rules.Grade;
import java.util.Set;

/**
 * A lead that just became an MQL, as routing sees it: its profile (null if none yet), grade, the engagement rules it
 * earned points from, and its company's domain. An account that became an MQA is routed as one too: its domain as its
 * id, its firmographics as its profile, no grade and no interests, so rules that ask for either never take it.
 */
public record Qualified(String leadId, Attributes profile, Grade grade, Set<String> interests, String companyDomain) {

  public Qualified {
    interests = Set.copyOf(interests);
  }
}
