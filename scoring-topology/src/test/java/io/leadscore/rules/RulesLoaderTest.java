package io.leadscore.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesLoaderTest {

  private static final String VALID = """
      version: test-1
      engagement:
        decay: { type: linear, points: 5, every: 7d, after: 14d }
        rules:
          - id: pricing
            on: web.page_view
            when: { path: "/pricing*" }
            points: 10
            cap: { max: 3, per: 1d }
      fit:
        grades: { A: 50, B: 30, C: 10 }
        rules:
          - id: big
            when: { employees: { min: 1000 } }
            points: 20
      stages:
        levels:
          - id: cold
            action: nurture
          - id: hot
            entry: 50
            exit: 40
            action: call
      """;

  @Test
  void defaultRulesLoad() {
    ScoringRules rules = RulesLoader.loadDefault();
    assertThat(rules.version()).isNotBlank();
    assertThat(rules.stages().levels()).extracting(Stage::id).containsExactly("cold", "warm", "hot", "mql");
    assertThat(rules.engagement().decay().type()).isEqualTo(DecayType.EXPONENTIAL);
  }

  @Test
  void readsEveryPartOfAValidFile() {
    ScoringRules rules = RulesLoader.parse("valid.yaml", VALID);
    EngagementRule pricing = rules.engagement().rules().get(0);
    assertThat(pricing.cap()).isEqualTo(new Cap(3, Duration.ofDays(1)));
    assertThat(pricing.matches("web.page_view", new Attributes(Map.of("path", "/pricing/team")))).isTrue();
    assertThat(pricing.matches("web.page_view", new Attributes(Map.of("path", "/blog")))).isFalse();
    assertThat(rules.engagement().decay().every()).isEqualTo(Duration.ofDays(7));
    assertThat(rules.input().reorderWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(rules.stages().at(1).exit()).isEqualTo(40.0);
  }

  @Test
  void invalidRuleNamesTheFileTheLineAndTheRule(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, VALID.replace("cap: { max: 3, per: 1d }", "cap: { max: 0, per: 1d }"));
    assertThatThrownBy(() -> RulesLoader.load(file))
        .isInstanceOf(InvalidRulesException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 9")
        .hasMessageContaining("rule 'pricing'")
        .hasMessageContaining("engagement.rules[0].cap.max")
        .hasMessageContaining("must be at least 1");
  }

  @Test
  void stageExitAboveEntryIsRejectedAtItsLine() {
    String broken = VALID.replace("exit: 40", "exit: 60");
    assertThatThrownBy(() -> RulesLoader.parse("stages.yaml", broken))
        .hasMessageContaining("line 22")
        .hasMessageContaining("rule 'hot'")
        .hasMessageContaining("exit 60.0 is above entry 50.0");
  }

  @Test
  void unknownPropertyIsReportedWhereItIs() {
    String broken = VALID.replace("cap: { max: 3, per: 1d }", "cpa: { max: 3, per: 1d }");
    assertThatThrownBy(() -> RulesLoader.parse("typo.yaml", broken))
        .hasMessageContaining("line 9")
        .hasMessageContaining("rule 'pricing'")
        .hasMessageContaining("cpa");
  }

  @Test
  void missingPointsAreAnError() {
    String broken = VALID.replace("    points: 20\n", "");
    assertThatThrownBy(() -> RulesLoader.parse("fit.yaml", broken))
        .hasMessageContaining("rule 'big'")
        .hasMessageContaining("needs its points");
  }

  @Test
  void anIdWithTheMarkOfPointsFromBeforeIdentificationIsRejected() {
    String broken = VALID.replace("- id: pricing", "- id: pricing@before-identification");
    assertThatThrownBy(() -> RulesLoader.parse("at.yaml", broken))
        .hasMessageContaining("contains '@'");
  }

  @Test
  void duplicateIdsAcrossSectionsAreRejected() {
    String broken = VALID.replace("- id: big", "- id: pricing");
    assertThatThrownBy(() -> RulesLoader.parse("dup.yaml", broken))
        .hasMessageContaining("fit.rules[0].id")
        .hasMessageContaining("'pricing' is used twice");
  }

  @Test
  void badDurationAndBadYamlAreExplained() {
    assertThatThrownBy(() -> RulesLoader.parse("d.yaml", VALID.replace("every: 7d", "every: weekly")))
        .hasMessageContaining("line 3")
        .hasMessageContaining("'weekly' is not a duration");
    assertThatThrownBy(() -> RulesLoader.parse("y.yaml", "version: v1\nstages: levels: x\n"))
        .hasMessageContaining("y.yaml")
        .hasMessageContaining("not valid YAML");
  }

  private static String withQuestion(String settings) {
    String question = "    - id: budget\n      on: web.form_submit\n      question: answer.budget\n" + settings;
    assertThat(VALID).contains("\nfit:\n");
    return VALID.replace("\nfit:\n", "\n" + question + "fit:\n");
  }

  @Test
  void aQuestionGivesPointsPerAnswerAndNothingElse() {
    EngagementRule rule = RulesLoader.parse("q.yaml", withQuestion("      answers: { \"yes\": 20, \"no\": 5 }\n"))
        .engagement().rules().get(1);
    assertThat(rule.isQuestion()).isTrue();
    assertThat(rule.answers()).containsExactly(Map.entry("yes", 20.0), Map.entry("no", 5.0));
    assertThat(rule.answerTo(new Attributes(Map.of("answer.budget", " No ")))).isEqualTo(1);
    assertThat(rule.answerTo(new Attributes(Map.of("answer.budget", "maybe")))).isEqualTo(EngagementRule.NO_ANSWER);

    assertThatThrownBy(() -> RulesLoader.parse("q.yaml", withQuestion("")))
        .hasMessageContaining("engagement.rules[1].answers").hasMessageContaining("give the points of each answer");
    assertThatThrownBy(() -> RulesLoader.parse("q.yaml",
        withQuestion("      answers: { \"yes\": 20 }\n      points: 3\n")))
        .hasMessageContaining("engagement.rules[1].points").hasMessageContaining("a question scores its latest answer");
  }

  @Test
  void routingInterestMustNameAnEngagementRule() {
    String withRouting = VALID + """
        routing:
          rules:
            - { id: specialists, interestedIn: [pricng], team: sales }
        """;
    assertThatThrownBy(() -> RulesLoader.parse("routing.yaml", withRouting))
        .hasMessageContaining("routing.rules[0].interestedIn")
        .hasMessageContaining("'pricng' is not an engagement rule id");
  }

  @Test
  void lifecycleStagesMustBeStagesAndCustomersLeaveTheFunnel() {
    assertThatThrownBy(() -> RulesLoader.parse("l.yaml", VALID + "lifecycle: { recycled: { stage: nurture } }\n"))
        .hasMessageContaining("lifecycle.recycled.stage")
        .hasMessageContaining("'nurture' is not a stage id");
    assertThatThrownBy(() -> RulesLoader.parse("l.yaml", VALID + "lifecycle: { customerStage: hot }\n"))
        .hasMessageContaining("customers leave it");
    ScoringRules defaults = RulesLoader.parse("l.yaml", VALID);
    assertThat(defaults.lifecycle().recycled()).isEqualTo(new Recycle("cold", 0.0));
    assertThat(defaults.lifecycle().rejected()).isEqualTo(new Recycle("cold", 0.5));
  }

  @Test
  void durationsTakeShortAndIsoForms() {
    assertThat(RulesLoader.parseDuration("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(RulesLoader.parseDuration("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(RulesLoader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(RulesLoader.parseDuration("PT12H")).isEqualTo(Duration.ofHours(12));
    assertThat(RulesLoader.parseDuration("p30d")).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void globsMatchWholeValuesIgnoringCase() {
    assertThat(Glob.of("/pricing*").matches("/Pricing/enterprise")).isTrue();
    assertThat(Glob.of("/pricing*").matches("/blog/pricing")).isFalse();
    assertThat(Glob.of("email.*").matches("email.opened")).isTrue();
    assertThat(Glob.of("a?c").matches("abc")).isTrue();
    assertThat(Glob.of("a.c").matches("abc")).as("dots are literal").isFalse();
    assertThat(Glob.of("*testimonial*").matches("client-TESTIMONIAL-acme")).isTrue();
    assertThat(Glob.of("*testimonial*").matches("testimonial")).isTrue();
    assertThat(Glob.of("*testimonial*").matches("testimonia")).isFalse();
    assertThat(Glob.of("*.pdf").matches("deck.PDF")).isTrue();
    assertThat(Glob.of("*.pdf").matches("pdf")).isFalse();
    assertThat(Glob.of("demo-request").matches("Demo-Request")).isTrue();
    assertThat(Glob.of("demo-request").matches("demo-request-2")).isFalse();
    assertThat(Glob.of("*").matches("")).isTrue();
    assertThat(Glob.of("*").matches(null)).isFalse();
    assertThat(Glob.of("a*c*e").matches("AbbCdE")).isTrue();
    assertThat(Glob.of("a*c*e").matches("abcd")).isFalse();
  }
}
