package io.leadscore.app;

import io.leadscore.avro.LeadScore;
import io.leadscore.avro.PromotedLead;
import io.leadscore.avro.RulesStatus;
import io.leadscore.avro.RulesVersion;
import io.leadscore.topology.LeadscoreStores;
import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.ScoringTopology;
import io.leadscore.topology.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Promotes a rules version scored in the shadow. The application that scored it there becomes the live one, so every
 * lead's score, grade and stage is what the replay of the retained input under that version gave; the live app and
 * the shadow must both be stopped. In one transaction it hands the routing task's state (assignments awaiting an
 * outcome, rotation, capacity, the roster, the queue, and what was on its way to it) from the live application to the
 * promoted one, and writes one record per lead the candidate scored to {@code leadscore.promotions}, with the stage
 * the live rules gave the lead. Then the catalog names the version active. The promoted app, started with
 * {@code leadscore.rules.catalog=true}, publishes every such lead's score under the new version, and one stage change
 * (cause RULES) for each lead whose stage differs, routing the leads that become MQLs.
 */
final class Promoter {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  /** Longer than the session timeout Kafka Streams takes by default (45 s). */
  static final Duration STOPPED_WAIT = Duration.ofSeconds(60);

  private final LeadscoreConfig config;
  private final RulesCatalog catalog;
  private final LeadscoreTopics topics;

  Promoter(LeadscoreConfig config) {
    this.config = config;
    this.catalog = new RulesCatalog(config);
    this.topics = LeadscoreTopics.with(config.avroSerdes());
  }

  /**
   * What a promotion did: leads handed over, how many of them change stage, MQLs gained and lost, routing records
   * carried over, and how far behind its input the promoted app starts.
   */
  record Result(String version, String from, String liveApplication, String promotedApplication, int leads,
      int stageChanges, int mqlsGained, int mqlsLost, long routingRecords, long lag) {
  }

  Result promote(String version, Instant now) throws InterruptedException, ExecutionException {
    Map<String, RulesVersion> versions = catalog.versions();
    RulesVersion candidate = versions.get(version);
    if (candidate == null) {
      throw new IllegalArgumentException("no rules version " + version + " on " + LeadscoreTopics.RULES
          + ": publish it first (leadscore rules publish FILE)");
    }
    if (candidate.getStatus() != RulesStatus.SHADOW) {
      throw new IllegalArgumentException("rules version " + version + " is " + candidate.getStatus()
          .name().toLowerCase() + ": only a version scored in the shadow can be promoted (leadscore shadow --version "
          + version + ")");
    }
    Optional<RulesVersion> active = RulesCatalog.active(versions);
    String liveId = active.map(v -> ScoringApp.applicationId(config, v.getVersion()))
        .orElse(config.get(StreamsConfig.APPLICATION_ID_CONFIG));
    String promotedId = ScoringApp.applicationId(config, version);
    long lag;
    Map<String, byte[]> promoted;
    int[] counts = new int[3];
    try (Admin admin = Admin.create(config.clientSettings())) {
      requireStopped(admin, liveId, "the live app");
      requireStopped(admin, promotedId, "the shadow of " + version);
      Map<TopicPartition, OffsetAndMetadata> shadowOffsets = offsets(admin, promotedId);
      if (shadowOffsets.isEmpty()) {
        throw new IllegalArgumentException("no shadow of " + version + " has scored anything yet: run leadscore "
            + "shadow --version " + version + " until it has caught up");
      }
      lag = lag(admin, shadowOffsets);
      promoted = promotions(version, now, counts);
      long carried = handOver(admin, liveId, promotedId, promoted);
      catalog.activate(candidate, active, now);
      return new Result(version, active.map(RulesVersion::getVersion).orElse(null), liveId, promotedId,
          promoted.size(), counts[0], counts[1], counts[2], carried, lag);
    }
  }

  /** A lead's record for every lead the candidate scored; counts stage changes, MQLs gained and lost. */
  private Map<String, byte[]> promotions(String version, Instant now, int[] counts) {
    Map<String, LeadScore> live = LatestValues.read(config, topics.leadScores(), TIMEOUT);
    Map<String, LeadScore> shadow = LatestValues.read(config, topics.shadow(version).leadScores(), TIMEOUT);
    Map<String, byte[]> records = new HashMap<>();
    shadow.forEach((lead, score) -> {
      LeadScore was = live.get(lead);
      PromotedLead record = PromotedLead.newBuilder().setLeadId(lead).setVersion(version).setPromotedAt(now)
          .setLiveStage(was == null ? null : was.getStage()).setLiveQualified(was != null && was.getQualified())
          .build();
      boolean qualifiedBefore = record.getLiveQualified();
      if (was == null || !was.getStage().equals(score.getStage())) {
        counts[0]++;
      }
      if (score.getQualified() && !qualifiedBefore) {
        counts[1]++;
      } else if (!score.getQualified() && qualifiedBefore) {
        counts[2]++;
      }
      records.put(lead, topics.promotions().valueSerde().serializer().serialize(topics.promotions().name(), record));
    });
    return records;
  }

  /**
   * Kafka Streams does not leave its group when it closes: a stopped app's members stay until their session times out,
   * so the group is given {@link #STOPPED_WAIT} to empty.
   */
  private static void requireStopped(Admin admin, String group, String what)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + STOPPED_WAIT.toNanos();
    while (true) {
      ConsumerGroupDescription description;
      try {
        description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof GroupIdNotFoundException) {
          return;
        }
        throw e;
      }
      if (description.members().isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalArgumentException(what + " (" + group + ") still has " + description.members().size()
            + " member(s) after " + STOPPED_WAIT.toSeconds() + " s: stop the live app and the shadow, then promote");
      }
      Thread.sleep(500);
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> offsets(Admin admin, String group)
      throws InterruptedException, ExecutionException {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get();
      return offsets == null ? Map.of() : offsets;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw e;
    }
  }

  /** Input records the shadow has yet to score: the promoted app scores them first. */
  private static long lag(Admin admin, Map<TopicPartition, OffsetAndMetadata> committed)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> inputs = new HashMap<>();
    committed.keySet().stream().filter(p -> TopicProvisioner.CO_PARTITIONED.contains(p.topic()))
        .forEach(p -> inputs.put(p, OffsetSpec.latest()));
    long lag = 0;
    for (var end : admin.listOffsets(inputs).all().get().entrySet()) {
      lag += Math.max(0, end.getValue().offset() - committed.get(end.getKey()).offset());
    }
    return lag;
  }

  /**
   * Copies the routing task's stores (their changelogs, latest value per key, with tombstones for keys only the
   * target had) and the records still on their way to it (its repartition topics from the live group's position)
   * from the live application to the promoted one, and writes the promotion records, all in one transaction.
   */
  private long handOver(Admin admin, String from, String to, Map<String, byte[]> promotions)
      throws InterruptedException, ExecutionException {
    Map<String, Object> settings = new HashMap<>(config.clientSettings());
    settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "leadscore-promote-" + to);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    long carried = 0;
    Map<TopicPartition, OffsetAndMetadata> liveOffsets = offsets(admin, from);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (Store<?, ?> store : LeadscoreStores.with(topics).routerStores()) {
        carried += copyLatest(admin, producer, from + "-" + store.name() + "-changelog",
            to + "-" + store.name() + "-changelog");
      }
      for (String name : ScoringTopology.ROUTING_REPARTITIONS) {
        carried += copyPending(admin, producer, from + "-" + name + "-repartition", to + "-" + name + "-repartition",
            liveOffsets);
      }
      promotions.forEach((lead, record) -> producer.send(new ProducerRecord<>(topics.promotions().name(),
          topics.promotions().keySerde().serializer().serialize(topics.promotions().name(), lead), record)));
      producer.commitTransaction();
    }
    return carried;
  }

  private long copyLatest(Admin admin, KafkaProducer<byte[], byte[]> producer, String source, String target)
      throws InterruptedException, ExecutionException {
    if (!ensureLike(admin, source, target)) {
      return 0;
    }
    Map<Integer, Map<Bytes, byte[]>> values = LatestValues.raw(config, source, TIMEOUT);
    Map<Integer, Map<Bytes, byte[]>> stale = LatestValues.raw(config, target, TIMEOUT);
    long copied = 0;
    for (var partition : stale.entrySet()) {
      Set<Bytes> keep = values.getOrDefault(partition.getKey(), Map.of()).keySet();
      for (Bytes key : partition.getValue().keySet()) {
        if (!keep.contains(key)) {
          producer.send(new ProducerRecord<>(target, partition.getKey(), key.get(), null));
        }
      }
    }
    for (var partition : values.entrySet()) {
      for (var entry : partition.getValue().entrySet()) {
        producer.send(new ProducerRecord<>(target, partition.getKey(), entry.getKey().get(), entry.getValue()));
        copied++;
      }
    }
    return copied;
  }

  private long copyPending(Admin admin, KafkaProducer<byte[], byte[]> producer, String source, String target,
      Map<TopicPartition, OffsetAndMetadata> positions) throws InterruptedException, ExecutionException {
    if (!ensureLike(admin, source, target)) {
      return 0;
    }
    Map<String, Object> settings = new HashMap<>(config.clientSettings());
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    long copied = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(source, TIMEOUT).stream()
          .map(p -> new TopicPartition(source, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata position = positions.get(partition);
        if (position != null) {
          consumer.seek(partition, position.offset());
        }
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read " + source + " to its end within " + TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          producer.send(new ProducerRecord<>(target, record.partition(), record.timestamp(), record.key(),
              record.value(), record.headers()));
          copied++;
        }
      }
    }
    return copied;
  }

  /**
   * Creates {@code target} as {@code source} is (partitions and cleanup policy) unless it exists; false when there is
   * no {@code source}: a live app that never routed has nothing to hand over.
   */
  private boolean ensureLike(Admin admin, String source, String target)
      throws InterruptedException, ExecutionException {
    Set<String> existing = admin.listTopics().names().get();
    if (!existing.contains(source)) {
      return false;
    }
    if (existing.contains(target)) {
      return true;
    }
    TopicDescription description = admin.describeTopics(List.of(source)).allTopicNames().get().get(source);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, source);
    Config configs = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    Map<String, String> settings = new HashMap<>();
    for (String key : List.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.RETENTION_MS_CONFIG)) {
      settings.put(key, configs.get(key).value());
    }
    short replicas = (short) description.partitions().get(0).replicas().size();
    admin.createTopics(List.of(new NewTopic(target, description.partitions().size(), replicas).configs(settings)))
        .all().get();
    return true;
  }
}
