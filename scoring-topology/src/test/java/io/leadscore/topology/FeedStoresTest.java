package io.leadscore.topology;

import static io.leadscore.avro.WebActivityType.FORM_SUBMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The stores behind the API's feeds and lead histories: bounded, newest first, kept by the tasks that write them. */
class FeedStoresTest {

  @Test
  void aLeadKeepsItsTenMostRecentStageChangesNewestFirst() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      kit.send(kit.profile("lead-1").setJobLevel("VP"));
      for (int i = 0; i < 3; i++) {
        kit.send(kit.webEvent("lead-1", FORM_SUBMIT).setFormId("demo-request"));
      }
      KeyValueStore<String, StageHistory> histories = kit.driver.getKeyValueStore(
          LeadscoreStores.STAGE_HISTORY);
      assertThat(histories.get("lead-1").moves())
          .extracting(StageMove::from, StageMove::to, StageMove::direction, StageMove::label)
          .containsExactly(
              tuple("hot", "mql", "UP", "B120"),
              tuple("warm", "hot", "UP", "B80"),
              tuple("cold", "warm", "UP", "B40"));
      // MQL needs grade A or B: a student profile takes the lead down to hot, a VP profile back up.
      for (int i = 0; i < 6; i++) {
        kit.send(kit.profile("lead-1").setJobLevel("STUDENT"));
        kit.send(kit.profile("lead-1").setJobLevel("VP"));
      }
      List<StageMove> moves = histories.get("lead-1").moves();
      assertThat(moves).hasSize(StageHistory.KEPT);
      assertThat(moves.get(0)).extracting(StageMove::from, StageMove::to, StageMove::cause)
          .containsExactly("hot", "mql", "PROFILE");
      assertThat(moves.get(1)).extracting(StageMove::from, StageMove::to, StageMove::direction)
          .containsExactly("mql", "hot", "DOWN");
    }
  }

  @Test
  void theFeedOfStageChangesKeepsTheLastHundredOfTheTaskNewestFirst() {
    try (ScoringTestKit kit = ScoringTestKit.withDefaultRules()) {
      for (int i = 0; i < 120; i++) {
        kit.send(kit.webEvent("lead-" + i, FORM_SUBMIT).setFormId("demo-request"));
      }
      KeyValueStore<Long, StageMove> recent = kit.driver.getKeyValueStore(LeadscoreStores.RECENT_STAGE_CHANGES);
      assertThat(recent.approximateNumEntries()).isEqualTo(LeadScorer.RECENT_MOVES);
      assertThat(RecentLog.newest(recent, 1000)).extracting(StageMove::leadId)
          .containsExactlyElementsOf(IntStream.iterate(119, i -> i >= 20, i -> i - 1).mapToObj(i -> "lead-" + i)
              .toList());
      assertThat(RecentLog.newest(recent, 2)).extracting(StageMove::to).containsExactly("warm", "warm");
    }
  }
}
