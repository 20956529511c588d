package io.leadscore.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.rules.RulesLoader;
import io.leadscore.serde.AvroSerdes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

/**
 * Pins the shape of the topology. Processor, store and topic names are part of the deployed state (changelog topics,
 * consumer offsets), so a change here must be deliberate: update {@code topology.txt} and the README with it.
 */
class TopologyDescriptionTest {

  private static final Path PINNED = Path.of("src/test/resources/topology.txt");

  @Test
  void topologyMatchesThePinnedDescription() throws IOException {
    Topology topology = ScoringTopology.buildTopology(RulesLoader.loadDefault(),
        LeadscoreTopics.with(AvroSerdes.inMemory("describe")));
    String description = topology.describe().toString();
    if (Boolean.getBoolean("topology.update")) {
      Files.writeString(PINNED, description, StandardCharsets.UTF_8);
    }
    assertThat(description)
        .as("topology changed; if on purpose, run with -Dtopology.update=true and update the README")
        .isEqualTo(Files.readString(PINNED, StandardCharsets.UTF_8));
  }

  @Test
  void everyStoreHasAnExplicitName() {
    String description = ScoringTopology.buildTopology(RulesLoader.loadDefault(),
        LeadscoreTopics.with(AvroSerdes.inMemory("describe"))).describe().toString();
    assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    assertThat(description).contains(LeadscoreStores.LEAD_STATE, LeadscoreStores.DECAY_INDEX,
        LeadscoreStores.SPILLED_EVENT_IDS, LeadscoreStores.PROFILES);
  }
}
