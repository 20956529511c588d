package io.leadscore.topology;

import static io.leadscore.avro.EmailActivityType.OPENED;
import static io.leadscore.avro.WebActivityType.CONTENT_DOWNLOAD;
import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static io.leadscore.avro.WebActivityType.PAGE_VIEW;
import static io.leadscore.avro.WebActivityType.VIDEO_WATCHED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.leadscore.avro.Grade;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.ScoreReason;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.StageChangeCause;
import io.leadscore.avro.StageDirection;
import io.leadscore.avro.WebinarActivityType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every worked example of the seed material, through the topology the app runs. */
class SeedExamplesTest {

  private static LeadScore last(List<LeadScore> scores) {
    assertThat(scores).isNotEmpty();
    return scores.get(scores.size() - 1);
  }

  private static double reasonPoints(LeadScore score, String ruleId) {
    return score.getTopReasons().stream().filter(r -> r.getRuleId().equals(ruleId))
        .mapToDouble(ScoreReason::getPoints).sum();
  }

  /** Seed 000: cold, warm and hot leads, each stage with its own action; a hot lead alerts a seller. */
  @Nested
  class Seed000ColdWarmHot {

    @Test
    void leadWarmsThenGetsHotAndEachStageNamesItsAction() {
      try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
        kit.send(kit.webEvent("lead-1", CONTENT_DOWNLOAD).setContentId("whitepaper-streaming"));
        kit.send(kit.webEvent("lead-1", CONTENT_DOWNLOAD).setContentId("whitepaper-pricing-models"));
        assertThat(last(kit.scores()).getStage()).isEqualTo("warm");
        kit.send(kit.webEvent("lead-1", VIDEO_WATCHED).setContentId("product-tour"));

        List<StageChange> changes = kit.stageChanges();
        assertThat(changes).extracting(StageChange::getFromStage, StageChange::getToStage)
            .containsExactly(tuple("cold", "warm"),
                tuple("warm", "hot"));
        assertThat(changes.get(0).getAction()).contains("commercial email");
        assertThat(changes.get(1).getAction()).contains("Alert a seller");
        assertThat(changes).allSatisfy(c -> {
          assertThat(c.getDirection()).isEqualTo(StageDirection.UP);
          assertThat(c.getCause()).isEqualTo(StageChangeCause.ACTIVITY);
        });
      }
    }

    @Test
    void coldLeadGetsOnlyAutomatedActions() {
      try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
        kit.send(kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/blog/kafka"));
        LeadScore score = last(kit.scores());
        assertThat(score.getStage()).isEqualTo("cold");
        assertThat(score.getStageAction()).startsWith("Automated");
        assertThat(kit.stageChanges()).isEmpty();
      }
    }
  }

  /** Seed 001: +90 points from Mexico, 30% less in Mexico City, +10 for an opened email; 10/60/90 thresholds. */
  @Nested
  class Seed001MexicoExample {

    private ScoringTestKit mexico() {
      return ScoringTestKit.withRules("seed001-mexico.yaml");
    }

    @Test
    void contactFromMexicoGets90PointsAndACommercialEmail() {
      try (ScoringTestKit kit = mexico()) {
        kit.send(kit.profile("lead-mty").setCountry("MX").setRegion("Nuevo Leon").setCity("Monterrey"));
        LeadScore score = last(kit.scores());
        assertThat(score.getScore()).isEqualTo(90.0);
        assertThat(score.getStage()).isEqualTo("commercial-email");
      }
    }

    @Test
    void contactFromMexicoWhoOpenedTheEmailScoresAbove90AndIsPhoned() {
      try (ScoringTestKit kit = mexico()) {
        kit.send(kit.profile("lead-mty").setCountry("MX").setRegion("Nuevo Leon"));
        kit.send(kit.emailEvent("lead-mty", OPENED));
        LeadScore score = last(kit.scores());
        assertThat(score.getScore()).isEqualTo(100.0);
        assertThat(score.getStage()).isEqualTo("phone");
        assertThat(score.getStageAction()).isEqualTo("Contact by phone");
      }
    }

    @Test
    void mexicoCityContactLoses30Percent() {
      try (ScoringTestKit kit = mexico()) {
        kit.send(kit.profile("lead-cdmx").setCountry("MX").setRegion("Mexico City"));
        LeadScore score = last(kit.scores());
        assertThat(score.getScore()).isEqualTo(63.0);
        assertThat(reasonPoints(score, "headquarters-region")).isCloseTo(-27.0, within(1e-9));
        assertThat(score.getStage()).isEqualTo("commercial-email");
      }
    }

    @Test
    void mexicoCityContactWhoOpenedTheEmailStaysOnCommercialEmail() {
      try (ScoringTestKit kit = mexico()) {
        kit.send(kit.profile("lead-cdmx").setCountry("MX").setRegion("Mexico City"));
        kit.send(kit.emailEvent("lead-cdmx", OPENED));
        LeadScore score = last(kit.scores());
        assertThat(score.getScore()).isEqualTo(70.0);
        assertThat(score.getLabel()).endsWith("70");
        assertThat(score.getStage()).isEqualTo("commercial-email");
      }
    }

    @Test
    void contactOutsideMexicoWhoOpenedTheEmailIsNurtured() {
      try (ScoringTestKit kit = mexico()) {
        kit.send(kit.profile("lead-es").setCountry("ES"));
        kit.send(kit.emailEvent("lead-es", OPENED));
        kit.send(kit.emailEvent("lead-es", OPENED));
        LeadScore score = last(kit.scores());
        assertThat(score.getScore()).as("the email counts once").isEqualTo(10.0);
        assertThat(score.getStage()).isEqualTo("nurture");
        assertThat(score.getStageAction()).contains("newsletters");
      }
    }
  }

  /** Seed 002: 5 points a visit, 15 a document, 30 a video; CEO is A, department manager B; "D100" and "B5". */
  @Nested
  class Seed002TwoDimensionalScore {

    @Test
    void visitDocumentAndVideoEarn5And15And30Points() {
      try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
        kit.send(kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/"));
        assertThat(last(kit.scores()).getEngagementScore()).isEqualTo(5.0);
        kit.send(kit.webEvent("lead-1", CONTENT_DOWNLOAD).setContentId("ebook"));
        assertThat(last(kit.scores()).getEngagementScore()).isEqualTo(20.0);
        kit.send(kit.webEvent("lead-1", VIDEO_WATCHED).setContentId("demo"));
        assertThat(last(kit.scores()).getEngagementScore()).isEqualTo(50.0);
      }
    }

    @Test
    void ceoIsGradeAAndDepartmentManagerGradeB() {
      try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
        kit.send(kit.profile("ceo").setJobTitle("CEO").setJobLevel("C_LEVEL").setIndustry("Software"));
        kit.send(kit.profile("manager").setJobTitle("Head of IT").setJobLevel("MANAGER").setIndustry("Software"));
        Map<String, LeadScore> latest = kit.latestScores();
        assertThat(latest.get("ceo").getGrade()).isEqualTo(Grade.A);
        assertThat(latest.get("manager").getGrade()).isEqualTo(Grade.B);
      }
    }

    @Test
    void d100LeadShowsInterestButIsNotQualified() {
      try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
        kit.send(kit.profile("student").setJobLevel("STUDENT").setIndustry("Education"));
        kit.send(kit.webEvent("student", VIDEO_WATCHED).setContentId("intro"));
        kit.send(kit.webEvent("student", VIDEO_WATCHED).setContentId("deep-dive"));
        kit.send(kit.webEvent("student", FORM_SUBMIT).setFormId("demo-request"));
        LeadScore score = last(kit.scores());
        assertThat(score.getLabel()).isEqualTo("D100");
        assertThat(score.getQualified()).isFalse();
        assertThat(score.getStage()).isEqualTo("hot");
        assertThat(kit.mqlEntries()).isEmpty();
      }
    }

    @Test
    void b5LeadFitsButShowsNoInterest() {
      try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
        kit.send(kit.profile("manager").setJobLevel("MANAGER").setIndustry("Software"));
        kit.send(kit.webEvent("manager", PAGE_VIEW).setUrl("https://example.com/"));
        LeadScore score = last(kit.scores());
        assertThat(score.getLabel()).isEqualTo("B5");
        assertThat(score.getStage()).isEqualTo("cold");
      }
    }
  }

  /** Seed 003: one point per product page visit; negative points off target; alerts both ways. */
  @Nested
  class Seed003AlertsAndNegativePoints {

    @Test
    void productPageEarnsOnePointPerVisit() {
      try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
        for (int i = 0; i < 4; i++) {
          kit.send(kit.webEvent("lead-1", PAGE_VIEW).setUrl("https://example.com/product/streams"));
        }
        LeadScore score = last(kit.scores());
        assertThat(reasonPoints(score, "product-page")).isEqualTo(4.0);
      }
    }

    @Test
    void foreignCountryAndNonTargetIndustryCostPoints() {
      try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
        kit.send(kit.profile("lead-1").setJobLevel("DIRECTOR").setIndustry("Government").setCountry("KP"));
        LeadScore score = last(kit.scores());
        assertThat(score.getFitReasons()).extracting(ScoreReason::getRuleId, ScoreReason::getPoints)
            .contains(tuple("non-target-industry", -10.0),
                tuple("unserved-country", -50.0));
        assertThat(score.getFitScore()).isEqualTo(30.0 - 10 - 50);
        assertThat(score.getGrade()).isEqualTo(Grade.D);
      }
    }

    @Test
    void qualifiedLeadThatCoolsDownRaisesADecayAlert() {
      try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
        kit.send(kit.profile("lead-1").setJobLevel("VP").setIndustry("Software").setEmployees(800));
        kit.send(kit.webEvent("lead-1", FORM_SUBMIT).setFormId("demo-request"));
        kit.send(kit.webEvent("lead-1", FORM_SUBMIT).setFormId("demo-request"));
        kit.send(kit.webinarEvent("lead-1", WebinarActivityType.ATTENDED).setMinutesAttended(45));
        assertThat(kit.mqlEntries()).hasSize(1);
        kit.stageChanges();

        // 105 points halve every 30 days: below the MQL exit of 80 after about 12 days.
        kit.advanceClock(Duration.ofDays(13));
        List<StageChange> changes = kit.stageChanges();
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).getFromStage()).isEqualTo("mql");
        assertThat(changes.get(0).getToStage()).isEqualTo("hot");
        assertThat(changes.get(0).getDirection()).isEqualTo(StageDirection.DOWN);
        assertThat(changes.get(0).getCause()).isEqualTo(StageChangeCause.DECAY);
      }
    }
  }

  /** Seed 004: "Yes" to purchasing this quarter is 20 points, "No" 5, the client testimonial 15; MQL at 100. */
  @Nested
  class Seed004MqlAt100Points {

    @Test
    void purchaseQuestionAndTestimonialEarnTheirPoints() {
      try (ScoringTestKit kit = ScoringTestKit.withRules("seed004-mql.yaml")) {
        kit.send(kit.webEvent("yes", FORM_SUBMIT).setFormId("qualify")
            .setFormAnswers(Map.of("purchase_this_quarter", "Yes")));
        kit.send(kit.webEvent("no", FORM_SUBMIT).setFormId("qualify")
            .setFormAnswers(Map.of("purchase_this_quarter", "No")));
        kit.send(kit.webEvent("yes", CONTENT_DOWNLOAD).setContentId("client-testimonial-acme"));
        Map<String, LeadScore> latest = kit.latestScores();
        assertThat(latest.get("yes").getScore()).isEqualTo(35.0);
        assertThat(latest.get("no").getScore()).isEqualTo(5.0);
      }
    }

    @Test
    void aLaterAnswerToThePurchaseQuestionReplacesTheEarlierOne() {
      try (ScoringTestKit kit = ScoringTestKit.withRules("seed004-mql.yaml")) {
        kit.send(kit.webEvent("lead-1", FORM_SUBMIT).setFormAnswers(Map.of("purchase_this_quarter", "Yes")));
        assertThat(last(kit.scores()).getScore()).isEqualTo(20.0);
        kit.send(kit.webEvent("lead-1", FORM_SUBMIT).setFormAnswers(Map.of("purchase_this_quarter", "No")));
        LeadScore score = last(kit.scores());
        assertThat(score.getScore()).as("Yes (20) then No (5) is 5, not 25").isEqualTo(5.0);
        assertThat(score.getTopReasons()).singleElement().satisfies(reason -> {
          assertThat(reason.getRuleId()).isEqualTo("purchase-this-quarter");
          assertThat(reason.getPoints()).isEqualTo(5.0);
        });
      }
    }

    @Test
    void leadBecomesAnMqlAt100PointsWithItsSnapshot() {
      try (ScoringTestKit kit = ScoringTestKit.withRules("seed004-mql.yaml")) {
        kit.send(kit.profile("lead-1").setFirstName("Ana").setJobLevel("DIRECTOR"));
        kit.send(kit.webEvent("lead-1", FORM_SUBMIT).setFormAnswers(Map.of("purchase_this_quarter", "Yes")));
        kit.send(kit.webEvent("lead-1", CONTENT_DOWNLOAD).setContentId("client-testimonial-acme"));
        kit.send(kit.webinarEvent("lead-1", WebinarActivityType.ATTENDED));
        kit.send(kit.webinarEvent("lead-1", WebinarActivityType.ATTENDED));
        assertThat(kit.mqlEntries()).as("85 points is not an MQL yet").isEmpty();
        assertThat(last(kit.scores()).getScore()).isEqualTo(85.0);
        kit.send(kit.webEvent("lead-1", CONTENT_DOWNLOAD).setContentId("client-testimonial-globex"));

        List<MqlEntry> mql = kit.mqlEntries();
        assertThat(mql).hasSize(1);
        assertThat(mql.get(0).getSnapshot().getScore()).isEqualTo(100.0);
        assertThat(mql.get(0).getSnapshot().getLabel()).isEqualTo("B100");
        assertThat(mql.get(0).getProfile().getFirstName()).isEqualTo("Ana");
        assertThat(mql.get(0).getCause()).isEqualTo(StageChangeCause.ACTIVITY);

        kit.send(kit.webinarEvent("lead-1", WebinarActivityType.ATTENDED));
        assertThat(kit.mqlEntries()).as("a lead already qualified is not announced again").isEmpty();
      }
    }
  }
}
