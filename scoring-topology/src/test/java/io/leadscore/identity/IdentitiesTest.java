package io.leadscore.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.rules.Attributes;
import io.leadscore.rules.InputPolicy;
import io.leadscore.score.Activity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentitiesTest {

  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long NOW = 1_790_000_000_000L;

  private final Identities identities = new Identities(new InputPolicy(null, null, null, null, null, null,
      Duration.ofDays(30), 3));

  private static Activity view(String id, long time) {
    return new Activity(id, null, "visitor-1", "web", "page_view", time, Attributes.NONE);
  }

  private Visitor keep(Visitor visitor, Activity activity) {
    return ((Identities.Kept) identities.onActivity(visitor, activity)).visitor();
  }

  @Test
  void anAnonymousVisitorKeepsItsNewestEventsInEventOrderWithinCountAndLookback() {
    Visitor visitor = Visitor.UNKNOWN;
    visitor = keep(visitor, view("e3", NOW - 3 * DAY));
    visitor = keep(visitor, view("e1", NOW - 40 * DAY));
    visitor = keep(visitor, view("e2", NOW - 5 * DAY));
    assertThat(visitor.kept()).extracting(Activity::eventId)
        .as("e1 is more than 30 days older than the newest").containsExactly("e2", "e3");
    visitor = keep(visitor, view("e4", NOW - 2 * DAY));
    visitor = keep(visitor, view("e5", NOW - DAY));
    assertThat(visitor.kept()).extracting(Activity::eventId).as("the newest three").containsExactly("e3", "e4", "e5");
    assertThat(identities.onActivity(visitor, view("e4", NOW - 2 * DAY))).isInstanceOf(Identities.Unchanged.class);
    assertThat(identities.forgetAt(visitor)).isEqualTo(NOW - DAY + 30 * DAY);
  }

  @Test
  void identificationCreditsWhatFallsWithinTheLookbackBeforeIt() {
    Visitor visitor = keep(keep(Visitor.UNKNOWN, view("old", NOW - 31 * DAY)), view("recent", NOW - 29 * DAY));
    Identities.Credit credit = (Identities.Credit) identities.onIdentified(visitor, "lead-1", NOW);
    assertThat(credit.leadId()).isEqualTo("lead-1");
    assertThat(credit.beforeIdentification()).isTrue();
    assertThat(credit.activities()).extracting(Activity::eventId, Activity::leadId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("recent", "lead-1"));
    assertThat(credit.visitor()).isEqualTo(new Visitor("lead-1", NOW, List.of()));
    assertThat(identities.forgetAt(credit.visitor())).as("an identified visitor is kept").isNull();
  }

  @Test
  void anIdentifiedVisitorsActivityIsTheLeadsAndASecondLeadIsAConflict() {
    Visitor identified = new Visitor("lead-1", NOW, List.of());
    Identities.Credit credit = (Identities.Credit) identities.onActivity(identified, view("e1", NOW + 1));
    assertThat(credit.beforeIdentification()).isFalse();
    assertThat(credit.activities()).extracting(Activity::leadId).containsExactly("lead-1");
    assertThat(credit.visitor()).isSameAs(identified);

    assertThat(identities.onIdentified(identified, "lead-1", NOW + 2)).isInstanceOf(Identities.Unchanged.class);
    Identities.Step second = identities.onIdentified(identified, "lead-2", NOW + 2);
    assertThat(second).isInstanceOf(Identities.Conflict.class);
    assertThat(((Identities.Conflict) second).reason()).contains("'lead-2'", "'lead-1'", "not merged");
  }
}
