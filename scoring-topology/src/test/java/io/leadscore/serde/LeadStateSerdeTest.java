package io.leadscore.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import io.leadscore.rules.Attributes;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import io.leadscore.score.Activity;
import io.leadscore.score.CapPeriod;
import io.leadscore.score.Checkpoint;
import io.leadscore.score.EngagementEngine;
import io.leadscore.score.EngagementLedger;
import io.leadscore.score.EventIds;
import io.leadscore.score.LeadScoring;
import io.leadscore.score.LeadState;
import io.leadscore.score.LedgerEntry;
import io.leadscore.score.RuleHit;
import io.leadscore.score.Scored;
import io.leadscore.score.SeenEvent;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeadStateSerdeTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final String[][] KINDS = {
      {"web", "page_view"}, {"web", "form_submit"}, {"email", "opened"}, {"email", "clicked"},
      {"webinar", "attended"}, {"email", "unsubscribed"}};

  private final ScoringRules rules = RulesLoader.loadDefault();
  private final LeadScoring scoring = new LeadScoring(rules);
  private final LeadStateSerde serde = new LeadStateSerde();
  private final EngagementEngine engine = new EngagementEngine(rules.engagement(), rules.input());

  /** A form submit with an answer to the default rules' question, or another activity. */
  private static Activity activityOrAnswer(Random random, String id, long time) {
    if (random.nextInt(4) > 0) {
      return activity(random, id, time);
    }
    return new Activity(id, "lead-1", "web", "form_submit", time,
        new Attributes(Map.of("answer.purchase_this_quarter", random.nextBoolean() ? "yes" : "no")));
  }

  private static Activity activity(Random random, String id, long time) {
    String[] kind = KINDS[random.nextInt(KINDS.length)];
    return new Activity(id, "lead-1", kind[0], kind[1], time, new Attributes(Map.of(
        "path", random.nextBoolean() ? "/pricing" : "/blog", "formId", "demo-request",
        "minutesAttended", String.valueOf(random.nextInt(60)))));
  }

  /** {@code events} scored activities {@code gapMs} apart, with a profile, indexed for decay at its due time. */
  private LeadState lead(Random random, int events, long gapMs) {
    return lead(random, events, gapMs, false);
  }

  private LeadState lead(Random random, int events, long gapMs, boolean answers) {
    LeadState state = scoring.onProfile("lead-1", scoring.newLead(), new Attributes(Map.of(
        "jobLevel", "VP", "industry", "Software", "employees", "800", "country", "MX")), T0).state();
    long time = T0;
    for (int scored = 0; scored < events; time += gapMs) {
      LeadState before = state;
      String id = "evt-" + random.nextLong();
      state = scoring.onActivity("lead-1", state, answers ? activityOrAnswer(random, id, time) : activity(random, id, time))
          .map(Scored::state).orElse(before);
      scored += state == before ? 0 : 1;
    }
    return state.withDecayCheckAt(state.decayDueAt());
  }

  private LeadState roundTrip(LeadState state) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void readsBackAnEqualState(int seed) {
    Random random = new Random(seed);
    // Minutes apart, events stay recent (the reorder window is an hour); days apart, they are folded and seen.
    LeadState state = lead(random, 1 + random.nextInt(60), seed % 2 == 0 ? 60_000 : 86_400_000L, true);
    LeadState read = roundTrip(state);
    EngagementLedger ledger = state.engagement();
    assertThat(read).usingRecursiveComparison().ignoringFields("engagement.settled").isEqualTo(state);
    assertThat(engine.settle(read.engagement())).as("recomputed from the recent events").isEqualTo(ledger.settled());
    assertThat(roundTrip(read)).isEqualTo(read);
  }

  @Test
  void keepsTheLeadsAccountAndRoleAndReadsVersion4WithNone() {
    LeadState state = scoring.onProfile("lead-1", scoring.newLead(), new Attributes(Map.of(
        "jobLevel", "VP", "companyDomain", "www.Acme.com")), T0).state();
    assertThat(state.fit().account()).isEqualTo("acme.com");
    assertThat(state.fit().role()).isEqualTo("decision-maker");
    assertThat(roundTrip(state)).isEqualTo(state);

    LeadState noAccount = scoring.onProfile("lead-2", scoring.newLead(), new Attributes(Map.of(
        "jobLevel", "VP", "companyDomain", "gmail.com")), T0).state();
    assertThat(noAccount.fit().account()).as("free mail").isNull();
    byte[] bytes = serde.serializer().serialize("t", noAccount);
    assertThat(bytes[0]).isEqualTo((byte) 5);
    bytes[0] = 4;
    assertThat(serde.deserializer().deserialize("t", bytes)).as("version 4: the same form without an account")
        .isEqualTo(noAccount);
  }

  @Test
  void theStagePathTakesAFewBytesWhateverTheEventsInTheWindow() {
    LeadState state = lead(new Random(7), 60, 30_000);
    EngagementLedger ledger = state.engagement();
    assertThat(ledger.recent()).hasSize(60);
    assertThat(ledger.recent()).extracting(LedgerEntry::stage).as("the lead moved up within the window")
        .contains(ledger.checkpointStage()).contains(state.stage());
    List<LedgerEntry> flat = ledger.recent().stream()
        .map(e -> new LedgerEntry(e.eventHash(), e.time(), e.hits(), state.stage())).toList();
    LeadState withoutPath = new LeadState(state.stage(), new EngagementLedger(ledger.checkpoint(), flat,
        ledger.settled(), ledger.seen(), ledger.spilledThrough(), state.stage()), state.evaluatedAt(),
        state.decayDueAt(), state.grade(), state.decayCheckAt(), state.fit(), state.published(),
        state.awaitingOutcome());
    int pathBytes = serde.serializer().serialize("t", state).length
        - serde.serializer().serialize("t", withoutPath).length;
    assertThat(pathBytes).as("the stages met, once each, and a run per stage").isBetween(1, 30);
    assertThat(roundTrip(state).engagement().recent()).isEqualTo(ledger.recent());
  }

  @Test
  void aLeadWithTenRecentEventsTakesAtMost300Bytes() {
    LeadState state = lead(new Random(42), 10, 60_000);
    assertThat(state.engagement().recent()).hasSize(10);
    assertThat(serde.serializer().serialize("t", state)).hasSizeLessThanOrEqualTo(300);
    LeadState folded = lead(new Random(42), 10, 6 * 3_600_000L);
    assertThat(folded.engagement().seen()).hasSize(9);
    assertThat(serde.serializer().serialize("t", folded)).hasSizeLessThanOrEqualTo(300);
  }

  @Test
  void readsStateThatEarlierVersionsWroteAsSmile() throws Exception {
    LeadState state = lead(new Random(7), 0, 0);
    // Hours apart, the first events are folded into the checkpoint with their cap counters; the last stay recent.
    String[] ids = {"e-1", "e-2", "e-3", "e-4", "e-5"};
    long[] times = {T0, T0 + 3_600_000 * 2, T0 + 3_600_000 * 4, T0 + 3_600_000 * 4 + 60_000,
        T0 + 3_600_000 * 4 + 120_000};
    for (int i = 0; i < ids.length; i++) {
      LeadState before = state;
      state = scoring.onActivity("lead-1", state, new Activity(ids[i], "lead-1", "web", "page_view",
          times[i], new Attributes(Map.of("path", "/pricing")))).map(Scored::state).orElse(before);
    }
    LeadState current = state.withDecayCheckAt(state.decayDueAt());
    Checkpoint checkpoint = current.engagement().checkpoint();
    assertThat(checkpoint.capCounts()).isNotEmpty();
    ObjectMapper json = new ObjectMapper();
    ObjectNode old = json.createObjectNode();
    old.put("stage", current.stage());
    ObjectNode engagement = old.putObject("engagement");
    ObjectNode oldCheckpoint = engagement.putObject("checkpoint");
    oldCheckpoint.put("lastActivityAt", checkpoint.lastActivityAt());
    oldCheckpoint.set("points", json.valueToTree(checkpoint.points()));
    ObjectNode caps = oldCheckpoint.putObject("capCounts");
    checkpoint.capCounts().forEach((key, count) -> caps.put(key.ruleId() + "@" + key.period(), count));
    oldCheckpoint.set("fired", json.valueToTree(checkpoint.fired()));
    ArrayNode recent = engagement.putArray("recent");
    for (LedgerEntry entry : current.engagement().recent()) {
      String id = Arrays.stream(ids).filter(e -> EventIds.hash(e) == entry.eventHash()).findFirst().orElseThrow();
      recent.addObject().put("eventId", id).put("time", entry.time()).set("hits", json.valueToTree(entry.hits()));
    }
    old.put("evaluatedAt", current.evaluatedAt());
    old.put("decayDueAt", current.decayDueAt());
    old.put("grade", current.grade().name());
    old.put("decayCheckAt", current.decayCheckAt());

    LeadState read = serde.deserializer().deserialize("t", new SmileMapper().writeValueAsBytes(old));

    assertThat(read.stage()).isEqualTo(current.stage());
    assertThat(read.engagement().recent()).isEqualTo(current.engagement().recent());
    assertThat(read.engagement().checkpoint()).as("cap counters keyed rule@period").isEqualTo(checkpoint);
    assertThat(engine.settle(read.engagement()))
        .as("the settled checkpoint is recomputed").isEqualTo(current.engagement().settled());
    assertThat(read.decayCheck()).isEqualTo(current.decayCheckAt());
    assertThat(scoring.needsFit(read)).as("no fit was kept: the profile is matched again").isTrue();
    assertThat(roundTrip(read)).as("written in the new form when it next changes").isEqualTo(read);
  }

  /**
   * Written by version 2 (before question answers) for a lead scored on a VP profile, then page views of /pricing,
   * /pricing two hours later, and /careers, /pricing and / a minute apart two hours after that.
   */
  private static final String VERSION_2 = "02de01087761726d80db978cfa62f4d6f2a013f4d6f2a01300483c05f30284250012da46"
      + "eb6c61a3e3061870726963696e672d706167651a776562736974652d766973697418636172656572732d7061676502ffc6fd060400"
      + "024033fb1360c8a73402024023fb1360c8a7340802b6b3020202b8b3020200b6b3020200b8b302020006ffd20e3a3577d0690aad5f04"
      + "02140427c0a9073a3211d06907ca360402140028c0a9073a2113d068f95a6902021404ffbaec0d3a2eabd06904e70d80f4ee063a2b45"
      + "d0690203e4";

  @Test
  void readsStateThatVersion2Wrote() {
    LeadState read = serde.deserializer().deserialize("t", HexFormat.of().parseHex(VERSION_2));

    long t0 = 1_700_000_000_000L;
    assertThat(read.stage()).isEqualTo("warm");
    assertThat(read.evaluatedAt()).isEqualTo(t0 + 14_520_000);
    assertThat(read.decayDueAt()).isEqualTo(1_702_599_150_714L);
    Checkpoint checkpoint = read.engagement().checkpoint();
    assertThat(checkpoint.lastActivityAt()).isEqualTo(t0 + 7_200_000);
    assertThat(checkpoint.points()).containsOnlyKeys("pricing-page", "website-visit");
    assertThat(checkpoint.points().get("pricing-page")).isEqualTo(19.980764435756285);
    assertThat(checkpoint.capCounts()).containsEntry(new CapPeriod("pricing-page", 19676), 1).hasSize(4);
    assertThat(checkpoint.answers()).isEmpty();
    assertThat(read.awaitingOutcome()).as("not known in version 2").isNull();
    assertThat(read.engagement().recent()).extracting(LedgerEntry::time)
        .containsExactly(t0 + 14_400_000, t0 + 14_460_000, t0 + 14_520_000);
    assertThat(read.engagement().recent().get(0).hits()).containsExactly(new RuleHit("website-visit", 5.0),
        new RuleHit("careers-page", -10.0));
    assertThat(read.engagement().seen()).extracting(SeenEvent::time).containsExactly(t0, t0 + 7_200_000);
    assertThat(roundTrip(read)).as("written as the current version").isEqualTo(read);
  }

  @Test
  void keepsQuestionAnswersInForceAndInRecentEvents() {
    LeadState state = lead(new Random(5), 0, 0);
    long day = 86_400_000L;
    String[] answers = {"yes", "no", "yes"};
    for (int i = 0; i < answers.length; i++) {
      state = scoring.onActivity("lead-1", state, new Activity("q-" + i, "lead-1", "web", "form_submit", T0 + i * day,
          new Attributes(Map.of("answer.purchase_this_quarter", answers[i])))).orElseThrow().state();
    }
    assertThat(state.engagement().checkpoint().answers()).containsOnlyKeys("purchase-this-quarter");
    assertThat(state.engagement().recent()).singleElement()
        .satisfies(entry -> assertThat(entry.hits()).allMatch(RuleHit::answers));
    LeadState read = roundTrip(state);
    assertThat(read).usingRecursiveComparison().ignoringFields("engagement.settled").isEqualTo(state);
  }

  @Test
  void refusesTruncatedOrPaddedState() {
    byte[] bytes = serde.serializer().serialize("t", lead(new Random(3), 5, 60_000));
    for (int length : new int[] {2, bytes.length / 2, bytes.length - 1}) {
      assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, length)))
          .isInstanceOf(SerializationException.class);
    }
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length + 1)))
        .isInstanceOf(SerializationException.class);
  }
}
