package io.leadscore.topology;

import io.leadscore.score.Activity;
import java.util.List;

/**
 * A visitor's activity on its way to the lead it was identified as, in event order: all it did anonymously within the
 * lookback when it is identified ({@code beforeIdentification}), or one new event of an identified visitor.
 */
record VisitorCredit(String visitorId, boolean beforeIdentification, List<Activity> activities) {

  VisitorCredit {
    activities = List.copyOf(activities);
  }
}
