package io.leadscore.topology;

import io.leadscore.avro.PromotedLead;
import java.time.Instant;

/** The promotion that made this app's rules version the live one: its records on {@code leadscore.promotions}. */
public record Promotion(String version, Instant promotedAt) {

  /** Records of other versions, or of an earlier promotion of this one, are not this app's to act on. */
  boolean covers(PromotedLead lead) {
    return version.equals(lead.getVersion()) && promotedAt.equals(lead.getPromotedAt());
  }
}
