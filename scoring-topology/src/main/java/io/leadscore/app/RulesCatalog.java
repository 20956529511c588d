package io.leadscore.app;

import io.leadscore.avro.RulesStatus;
import io.leadscore.avro.RulesVersion;
import io.leadscore.rules.RulesLoader;
import io.leadscore.rules.ScoringRules;
import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Every rules version ever published, kept in the compacted topic {@code leadscore.rules} (one partition, keyed by
 * version, never a tombstone): what the CLI lists, shows, diffs and publishes to. A version's text never changes once
 * published; only its status moves on.
 */
final class RulesCatalog {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final LeadscoreConfig config;
  private final Topic<String, RulesVersion> topic;

  RulesCatalog(LeadscoreConfig config) {
    config.bootstrapServers(); // a clear error before any client tries to connect
    this.config = config;
    this.topic = LeadscoreTopics.with(config.avroSerdes()).rules();
  }

  /** What publishing did: a new version, or the same text published before (which changes nothing). */
  record Published(RulesVersion version, boolean isNew) {
  }

  /**
   * Publishes {@code yaml} as a draft under the version it names. The rules must be valid; a version already published
   * with other text is refused, so that a version always means the same rules.
   */
  Published publish(String source, String yaml, String author, String comment, Instant now)
      throws InterruptedException {
    ScoringRules rules = RulesLoader.parse(source, yaml);
    RulesVersion existing = versions().get(rules.version());
    if (existing != null) {
      if (existing.getYaml().equals(yaml)) {
        return new Published(existing, false);
      }
      throw new IllegalArgumentException(source + ": version " + rules.version() + " was published "
          + existing.getPublishedAt() + " by " + existing.getAuthor() + " with other rules; a published version "
          + "never changes: give these rules a new version");
    }
    RulesVersion version = RulesVersion.newBuilder().setVersion(rules.version()).setYaml(yaml).setAuthor(author)
        .setComment(comment).setPublishedAt(now).setStatus(RulesStatus.DRAFT).setStatusChangedAt(now).build();
    ensureTopic();
    write(version);
    return new Published(version, true);
  }

  /**
   * Records that {@code version}, a draft or a retired version (scored again to roll back to it), is now scored in the
   * shadow; other statuses stay as they are.
   */
  RulesVersion shadowed(RulesVersion version, Instant now) throws InterruptedException {
    if (version.getStatus() != RulesStatus.DRAFT && version.getStatus() != RulesStatus.RETIRED) {
      return version;
    }
    RulesVersion shadowed = RulesVersion.newBuilder(version).setStatus(RulesStatus.SHADOW).setStatusChangedAt(now)
        .build();
    write(shadowed);
    return shadowed;
  }

  /** The version last promoted, if any: the one live apps that run from the catalog run. */
  static Optional<RulesVersion> active(Map<String, RulesVersion> versions) {
    return versions.values().stream().filter(v -> v.getStatus() == RulesStatus.ACTIVE)
        .max(Comparator.comparing(RulesVersion::getStatusChangedAt));
  }

  /**
   * Makes {@code version} the active one as of {@code now}, the time its promotion records carry, and retires the
   * version active before it.
   */
  void activate(RulesVersion version, Optional<RulesVersion> before, Instant now) throws InterruptedException {
    if (before.isPresent()) {
      write(RulesVersion.newBuilder(before.get()).setStatus(RulesStatus.RETIRED).setStatusChangedAt(now).build());
    }
    write(RulesVersion.newBuilder(version).setStatus(RulesStatus.ACTIVE).setStatusChangedAt(now).build());
  }

  private void write(RulesVersion version) throws InterruptedException {
    Map<String, Object> settings = new HashMap<>(config.clientSettings());
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(),
          version.getVersion()), topic.valueSerde().serializer().serialize(topic.name(), version)))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot write rules version " + version.getVersion() + " to " + topic.name()
          + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
    }
  }

  /** Every version published, latest record per version, in the order they were first published. */
  Map<String, RulesVersion> versions() {
    return LatestValues.read(config, topic, TIMEOUT);
  }

  /** The rules of a published version. */
  ScoringRules rules(RulesVersion version) {
    return RulesLoader.parse(topic.name() + " " + version.getVersion(), version.getYaml());
  }

  private void ensureTopic() throws InterruptedException {
    if (!config.createTopics()) {
      return;
    }
    try (Admin admin = Admin.create(config.clientSettings())) {
      new TopicProvisioner(admin).ensureTopics(config.partitions(), config.replicationFactor());
    }
  }

  private static final String ROW = "%-24s %-8s %-24s %-16s %s";

  /** A table of the versions, a header and a line each. */
  static String describe(Map<String, RulesVersion> versions) {
    return Stream.concat(Stream.of(String.format(ROW, "VERSION", "STATUS", "PUBLISHED", "AUTHOR", "COMMENT")),
        versions.values().stream().map(v -> String.format(ROW, v.getVersion(), v.getStatus().name().toLowerCase(),
            v.getPublishedAt(), v.getAuthor(), v.getComment() == null ? "" : v.getComment())))
        .collect(Collectors.joining("\n"));
  }
}
