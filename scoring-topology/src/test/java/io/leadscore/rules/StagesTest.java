package io.leadscore.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StagesTest {

  private final Stages stages = new Stages(ScoreBasis.ENGAGEMENT, List.of(
      new Stage("cold", null, null, null, null, null, "nurture", null, null),
      new Stage("warm", null, 30.0, 20.0, null, null, "email", null, null),
      new Stage("hot", null, 60.0, 50.0, null, null, "call", null, null),
      new Stage("mql", null, 100.0, 80.0, List.of(Grade.A, Grade.B), true, "route", null, null)));

  @Test
  void entersTheHighestStageItReaches() {
    assertThat(stages.next(0, 65, Grade.C)).isEqualTo(2);
    assertThat(stages.next(0, 120, Grade.A)).isEqualTo(3);
  }

  @Test
  void gradeRequirementKeepsAD100LeadOutOfMql() {
    assertThat(stages.next(0, 100, Grade.D)).isEqualTo(2);
  }

  @Test
  void staysUntilBelowTheExit() {
    assertThat(stages.next(2, 50, Grade.C)).isEqualTo(2);
    assertThat(stages.next(2, 49.9, Grade.C)).isEqualTo(1);
  }

  @Test
  void fallsToTheHighestLowerStageItCanStayIn() {
    assertThat(stages.next(3, 25, Grade.A)).as("25 is above warm's exit").isEqualTo(1);
    assertThat(stages.next(3, 10, Grade.A)).isEqualTo(0);
    assertThat(stages.next(3, 120, Grade.D)).as("losing the grade leaves mql").isEqualTo(2);
  }
}
