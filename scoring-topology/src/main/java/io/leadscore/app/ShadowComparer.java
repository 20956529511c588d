package io.leadscore.app;

import io.leadscore.api.ShadowComparisons;
import io.leadscore.api.ShadowReport;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.RulesStatus;
import io.leadscore.avro.RulesVersion;
import io.leadscore.rules.ScoringRules;
import io.leadscore.rules.Stage;
import io.leadscore.score.ScoreComparison;
import io.leadscore.score.Standing;
import io.leadscore.topology.LeadscoreTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compares a candidate scored in the shadow with the live rules from the two compacted score topics, each read to its
 * end, so that every instance answers alike whichever leads it holds. A comparison reads every lead's latest score
 * twice, so the API keeps each for {@code reuseFor} before it reads again.
 */
final class ShadowComparer implements ShadowComparisons {

  private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

  private final LeadscoreConfig config;
  private final RulesCatalog catalog;
  private final LeadscoreTopics topics;
  private final Clock clock;
  private final Duration reuseFor;
  private final Map<String, Recent> recent = new ConcurrentHashMap<>();

  private record Recent(int top, Instant at, ShadowReport report) {
  }

  ShadowComparer(LeadscoreConfig config, Clock clock, Duration reuseFor) {
    this.config = config;
    this.catalog = new RulesCatalog(config);
    this.topics = LeadscoreTopics.with(config.avroSerdes());
    this.clock = clock;
    this.reuseFor = reuseFor;
  }

  @Override
  public List<String> shadowed() {
    List<String> versions = new ArrayList<>();
    catalog.versions().values().stream().filter(v -> v.getStatus() == RulesStatus.SHADOW)
        .forEach(v -> versions.add(0, v.getVersion()));
    return versions;
  }

  @Override
  public Optional<ShadowReport> compare(String version, int top) {
    Instant now = clock.instant();
    Recent kept = recent.get(version);
    if (kept != null && kept.top() >= top && kept.at().plus(reuseFor).isAfter(now)) {
      return Optional.of(kept.report().withLargest(top));
    }
    RulesVersion published = catalog.versions().get(version);
    if (published == null) {
      return Optional.empty();
    }
    ShadowReport report = compare(catalog.rules(published), top, now);
    recent.put(version, new Recent(top, now, report));
    return Optional.of(report);
  }

  /** The comparison of {@code candidate}'s shadow scores with the live ones, read now. */
  ShadowReport compare(ScoringRules candidate, int top, Instant now) {
    Map<String, Standing> live = standings(LatestValues.read(config, topics.leadScores(), READ_TIMEOUT));
    Map<String, Standing> shadow = standings(LatestValues.read(config, topics.shadow(candidate.version())
        .leadScores(), READ_TIMEOUT));
    List<String> stages = new ArrayList<>(candidate.stages().levels().stream().map(Stage::id).toList());
    stages.add(candidate.lifecycle().customerStage());
    return ShadowReport.of(candidate.version(), now, stages, live, shadow,
        ScoreComparison.of(live, shadow, stages, top));
  }

  private static Map<String, Standing> standings(Map<String, LeadScore> scores) {
    Map<String, Standing> standings = new LinkedHashMap<>();
    scores.forEach((lead, score) -> standings.put(lead, new Standing(score.getStage(), score.getGrade().name(),
        score.getScore(), score.getLabel(), score.getQualified(), score.getTopReasons().stream()
            .map(r -> String.format(Locale.ROOT, "%s %+.0f", r.getRuleId(), r.getPoints())).toList())));
    return standings;
  }
}
