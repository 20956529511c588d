package io.leadscore.bench;

import io.leadscore.rules.Attributes;
import io.leadscore.rules.RulesLoader;
import io.leadscore.score.Activity;
import io.leadscore.score.LeadScoring;
import io.leadscore.score.LeadState;
import io.leadscore.score.Scored;
import io.leadscore.serde.LeadStateSerde;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The scoring hot path on one core, with the default rules: an activity matched against the rules and applied to a
 * lead's state, including the state store's round trip (read and write of the stored state, in its binary form); and
 * the decay computation alone (a lead re-evaluated at a later time, with the next decay due time found again).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScoringBenchmark {

  /** Events already in the lead's ledger (the reorder window keeps up to 100). */
  @Param({"5", "100"})
  int priorEvents;

  private final LeadScoring scoring = new LeadScoring(RulesLoader.loadDefault());
  private final LeadStateSerde serde = new LeadStateSerde();
  private final Serializer<LeadState> serializer = serde.serializer();
  private final Deserializer<LeadState> deserializer = serde.deserializer();
  private final Attributes profile = Attributes.builder().put("jobLevel", "DIRECTOR").put("industry", "Software")
      .put("employees", 800).put("country", "US").build();
  private byte[] stored;
  private LeadState state;
  private long start;
  private long sequence;

  @Setup
  public void prepare() {
    start = System.currentTimeMillis();
    state = scoring.refit(scoring.newLead(), profile);
    for (int i = 0; i < priorEvents; i++) {
      state = scoring.onActivity("lead-1", state, pageView(start + i * 1_000L, "/product/" + (i % 7)))
          .map(Scored::state).orElse(state);
    }
    stored = serializer.serialize("bench", state);
  }

  private Activity pageView(long time, String path) {
    return new Activity("e-" + sequence++, "lead-1", "web", "page_view", time,
        Attributes.builder().put("path", path).put("url", "https://example.com" + path).build());
  }

  @Benchmark
  public byte[] activityWithStateRoundTrip() {
    LeadState current = deserializer.deserialize("bench", stored);
    Scored scored = scoring.onActivity("lead-1", current, pageView(start + priorEvents * 1_000L, "/pricing"))
        .orElseThrow();
    return serializer.serialize("bench", scored.state());
  }

  /** The state store's share of {@link #activityWithStateRoundTrip}: reading and writing the stored state alone. */
  @Benchmark
  public byte[] stateRoundTrip() {
    return serializer.serialize("bench", deserializer.deserialize("bench", stored));
  }

  @Benchmark
  public Scored decayComputation() {
    return scoring.onDecayDue("lead-1", state, start + Duration.ofDays(20).toMillis());
  }
}
