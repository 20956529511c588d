package io.leadscore.identity;

import io.leadscore.rules.InputPolicy;
import io.leadscore.score.Activity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Anonymous visitors and the leads they turn out to be. A visitor's anonymous activity is kept, bounded by count and by
 * the lookback window, until the visitor is identified; identification credits the lead with what falls within the
 * lookback before it, at the events' own times, and from then on the visitor's activity is the lead's. A lead may have
 * many visitors (devices); a visitor identified as a second lead is a conflict to report, never a silent merge.
 */
public final class Identities {

  /** What a visitor's input leads to. */
  public sealed interface Step {
  }

  /** The visitor is as it was: a repeat of its identification, or an event it already kept. */
  public record Unchanged() implements Step {
  }

  /** The visitor kept (or forgot) anonymous activity. */
  public record Kept(Visitor visitor) implements Step {
  }

  /**
   * {@code activities}, in event order, are the lead's: {@code beforeIdentification} when identification credits what
   * the visitor did anonymously, not when an identified visitor's new activity comes in.
   */
  public record Credit(Visitor visitor, String leadId, List<Activity> activities, boolean beforeIdentification)
      implements Step {
  }

  /** The visitor was identified as another lead before. */
  public record Conflict(String reason) implements Step {
  }

  private static final Comparator<Activity> EVENT_ORDER = Comparator.comparingLong(Activity::eventTime);

  private final long lookbackMs;
  private final int maxKept;

  public Identities(InputPolicy input) {
    this.lookbackMs = input.anonymousLookback().toMillis();
    this.maxKept = input.maxAnonymousEvents();
  }

  public Step onActivity(Visitor visitor, Activity activity) {
    if (visitor.identified()) {
      return new Credit(visitor, visitor.leadId(), List.of(activity.of(visitor.leadId())), false);
    }
    if (visitor.kept().stream().anyMatch(kept -> kept.eventId().equals(activity.eventId()))) {
      return new Unchanged();
    }
    List<Activity> kept = new ArrayList<>(visitor.kept().size() + 1);
    kept.addAll(visitor.kept());
    // After every event of the same time: a replay keeps the order of the input partition.
    int at = kept.size();
    while (at > 0 && kept.get(at - 1).eventTime() > activity.eventTime()) {
      at--;
    }
    kept.add(at, activity);
    long horizon = kept.get(kept.size() - 1).eventTime() - lookbackMs;
    int from = Math.max(0, kept.size() - maxKept);
    while (from < kept.size() && kept.get(from).eventTime() < horizon) {
      from++;
    }
    return new Kept(new Visitor(null, null, kept.subList(from, kept.size())));
  }

  public Step onIdentified(Visitor visitor, String leadId, long at) {
    if (visitor.identified()) {
      return visitor.leadId().equals(leadId) ? new Unchanged()
          : new Conflict("visitor identified as lead '" + leadId + "' was identified as lead '" + visitor.leadId()
              + "' at " + Instant.ofEpochMilli(visitor.identifiedAt()) + "; not merged: if they are one person, "
              + "merge the leads in the CRM");
    }
    long horizon = at - lookbackMs;
    List<Activity> credited = visitor.kept().stream()
        .filter(activity -> activity.eventTime() >= horizon)
        .sorted(EVENT_ORDER)
        .map(activity -> activity.of(leadId))
        .toList();
    return new Credit(new Visitor(leadId, at, List.of()), leadId, credited, true);
  }

  /**
   * When an anonymous visitor's activity is all older than the lookback, so that it can be forgotten; null for an
   * identified visitor, which is kept to send its later activity to its lead.
   */
  public Long forgetAt(Visitor visitor) {
    if (visitor.identified() || visitor.kept().isEmpty()) {
      return null;
    }
    return visitor.kept().get(visitor.kept().size() - 1).eventTime() + lookbackMs;
  }
}
