package io.leadscore.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.rules.Attributes;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import io.leadscore.score.Activity;
import io.leadscore.score.EngagementEngine;
import io.leadscore.score.LeadScoring;
import io.leadscore.score.LeadState;
import io.leadscore.score.Scored;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

  private final LeadScoring scoring = new LeadScoring(RulesLoader.loadDefault());
  private final JsonSerde<LeadState> serde = new JsonSerde<>(LeadState.class);

  /** A hot lead: two demo requests and a pricing visit, indexed for decay at its due time. */
  private LeadState hotLead() {
    LeadState state = scoring.newLead();
    long at = 1_700_000_000_000L;
    for (String form : new String[] {"demo-request", "demo-request"}) {
      state = scoring.onActivity("lead-1", state, new Activity("e-" + at, "lead-1", "web", "form_submit", at++,
          Attributes.builder().put("formId", form).build()), Attributes.NONE).map(Scored::state).orElseThrow();
    }
    state = scoring.onActivity("lead-1", state, new Activity("e-" + at, "lead-1", "web", "page_view", at,
        Attributes.builder().put("path", "/pricing").build()), Attributes.NONE).map(Scored::state).orElseThrow();
    return state.withDecayCheckAt(state.decayDueAt());
  }

  @Test
  void writesSmileAndReadsBackAnEqualState() {
    LeadState state = hotLead();
    byte[] bytes = serde.serializer().serialize("t", state);
    assertThat(new String(bytes, 0, 3, StandardCharsets.US_ASCII)).isEqualTo(":)\n");
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(state);
  }

  @Test
  void readsStateThatEarlierVersionsWroteAsJsonText() throws Exception {
    ObjectMapper json = new ObjectMapper();
    LeadState state = hotLead();
    ObjectNode written = json.valueToTree(state);
    // Earlier versions kept neither the settled checkpoint nor the decay check time.
    ((ObjectNode) written.get("engagement")).remove("settled");
    written.remove("decayCheckAt");

    LeadState read = serde.deserializer().deserialize("t", json.writeValueAsBytes(written));

    assertThat(read.stage()).isEqualTo(state.stage());
    assertThat(read.engagement().settled()).isNull();
    ScoringRules rules = RulesLoader.loadDefault();
    assertThat(new EngagementEngine(rules.engagement(), rules.input()).settle(read.engagement()))
        .as("the settled checkpoint is recomputed").isEqualTo(state.engagement().settled());
    assertThat(read.decayCheck()).as("such state was indexed at its due time").isEqualTo(state.decayDueAt());
  }
}
