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
import io.leadscore.score.Checkpoint;
import io.leadscore.score.EngagementEngine;
import io.leadscore.score.EngagementLedger;
import io.leadscore.score.EventIds;
import io.leadscore.score.LeadScoring;
import io.leadscore.score.LeadState;
import io.leadscore.score.LedgerEntry;
import io.leadscore.score.Scored;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LeadStateSerdeTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final String[][] KINDS = {
      {"web", "page_view"}, {"web", "form_submit"}, {"email", "opened"}, {"email", "clicked"},
      {"webinar", "attended"}, {"email", "unsubscribed"}};

  private final ScoringRules rules = RulesLoader.loadDefault();
  private final LeadScoring scoring = new LeadScoring(rules);
  private final LeadStateSerde serde = new LeadStateSerde();
  private final EngagementEngine engine = new EngagementEngine(rules.engagement(), rules.input());

  private static Activity activity(Random random, String id, long time) {
    String[] kind = KINDS[random.nextInt(KINDS.length)];
    return new Activity(id, "lead-1", kind[0], kind[1], time, new Attributes(Map.of(
        "path", random.nextBoolean() ? "/pricing" : "/blog", "formId", "demo-request",
        "minutesAttended", String.valueOf(random.nextInt(60)))));
  }

  /** {@code events} scored activities {@code gapMs} apart, with a profile, indexed for decay at its due time. */
  private LeadState lead(Random random, int events, long gapMs) {
    LeadState state = scoring.onProfile("lead-1", scoring.newLead(), new Attributes(Map.of(
        "jobLevel", "VP", "industry", "Software", "employees", "800", "country", "MX")), T0).state();
    long time = T0;
    for (int scored = 0; scored < events; time += gapMs) {
      LeadState before = state;
      state = scoring.onActivity("lead-1", state, activity(random, "evt-" + random.nextLong(), time))
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
    LeadState state = lead(random, 1 + random.nextInt(60), seed % 2 == 0 ? 60_000 : 86_400_000L);
    LeadState read = roundTrip(state);
    EngagementLedger ledger = state.engagement();
    assertThat(read).usingRecursiveComparison().ignoringFields("engagement.settled").isEqualTo(state);
    assertThat(engine.settle(read.engagement())).as("recomputed from the recent events").isEqualTo(ledger.settled());
    assertThat(roundTrip(read)).isEqualTo(read);
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
