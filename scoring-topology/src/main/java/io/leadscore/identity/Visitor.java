package io.leadscore.identity;

import io.leadscore.score.Activity;
import java.util.List;

/**
 * What is known of a visitor: the lead it was identified as and when ({@code leadId} null while it is anonymous), and
 * its anonymous activity, kept in event order until it is identified.
 */
public record Visitor(String leadId, Long identifiedAt, List<Activity> kept) {

  public static final Visitor UNKNOWN = new Visitor(null, null, List.of());

  public Visitor {
    kept = kept == null ? List.of() : List.copyOf(kept);
  }

  public boolean identified() {
    return leadId != null;
  }
}
