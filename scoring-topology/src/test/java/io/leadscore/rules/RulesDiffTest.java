package io.leadscore.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.rules.RulesDiff.Change;
import io.leadscore.rules.RulesDiff.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesDiffTest {

  private static String defaultYaml() throws IOException {
    try (InputStream in = RulesDiffTest.class.getResourceAsStream("/default-rules.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String replaced(String yaml, String from, String to) {
    assertThat(yaml).contains(from);
    return yaml.replace(from, to);
  }

  @Test
  void theSameRulesUnderAnotherVersionDifferInNothing() throws IOException {
    String yaml = defaultYaml();
    assertThat(RulesDiff.between(RulesLoader.parse("a", yaml),
        RulesLoader.parse("b", replaced(yaml, "version: default-2026.11", "version: copy")))).isEmpty();
  }

  @Test
  void namesEachChangedSettingOfARuleByItsId() throws IOException {
    String yaml = defaultYaml();
    ScoringRules before = RulesLoader.parse("a", yaml);
    ScoringRules after = RulesLoader.parse("b", replaced(yaml, """
              when: { path: "/pricing*" }
              points: 10
              cap: { max: 2, per: 1d }
        """, """
              when: { path: "/pricing/enterprise*" }
              points: 12
              cap: { max: 4, per: 1d }
        """));

    assertThat(RulesDiff.between(before, after)).containsExactly(
        new Change(Kind.CHANGED, "engagement.rules[pricing-page].when", "path: /pricing*", "path: /pricing/enterprise*"),
        new Change(Kind.CHANGED, "engagement.rules[pricing-page].points", "10", "12"),
        new Change(Kind.CHANGED, "engagement.rules[pricing-page].cap", "2 per 1d", "4 per 1d"));
  }

  @Test
  void findsRulesAddedAndRemovedThresholdsGradesAndDecay() {
    ScoringRules before = RulesLoader.parse("a", """
        version: v1
        engagement:
          decay: { type: exponential, halfLife: 30d }
          rules:
            - { id: visit, on: web.page_view, points: 5 }
            - { id: careers, on: web.page_view, when: { path: "/careers*" }, points: -10, frequency: once }
        fit:
          grades: { A: 50, B: 25, C: 10 }
          rules:
            - { id: vp, when: { jobLevel: VP }, points: 25 }
        stages:
          levels:
            - { id: cold, action: nurture }
            - { id: hot, entry: 60, exit: 50, action: call }
        """);
    ScoringRules after = RulesLoader.parse("b", """
        version: v2
        engagement:
          decay: { type: exponential, halfLife: 21d }
          rules:
            - { id: webinar, on: webinar.attended, points: 25 }
            - { id: visit, on: web.page_view, points: 5 }
        fit:
          grades: { A: 60, B: 25, C: 10 }
          rules:
            - { id: vp, when: { jobLevel: [VP, CXO] }, points: 25 }
        stages:
          levels:
            - { id: cold, action: nurture }
            - { id: hot, entry: 70, exit: 50, action: call }
        """);

    List<String> changes = RulesDiff.between(before, after).stream().map(Change::toString).toList();

    assertThat(changes).containsExactly(
        "changed  engagement.decay.halfLife: 30d -> 21d",
        "removed  engagement.rules[careers]: description careers, on web.page_view, when path: /careers*, "
            + "points -10, frequency once",
        "added    engagement.rules[webinar]: description webinar, on webinar.attended, when any, points 25, "
            + "frequency every",
        "changed  fit.rules[vp].when: jobLevel: VP -> jobLevel: VP | CXO",
        "changed  fit.grades.A: 50 -> 60",
        "changed  stages.levels[hot].entry: 60 -> 70");
  }
}
