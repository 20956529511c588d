package io.leadscore.app;

import io.leadscore.topology.LeadscoreTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the contract's topics that are missing, and refuses to start when the topics read together have different
 * partition counts: Kafka Streams would then give some leads' activity and profiles to different tasks.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  /** The input topics one task reads together, keyed by lead id (or by visitor id, for visitors). */
  public static final List<String> CO_PARTITIONED = List.of(LeadscoreTopics.WEB_ACTIVITY,
      LeadscoreTopics.EMAIL_ACTIVITY, LeadscoreTopics.WEBINAR_ACTIVITY, LeadscoreTopics.PROFILES,
      LeadscoreTopics.CRM_OUTCOMES, LeadscoreTopics.PROMOTIONS, LeadscoreTopics.IDENTITIES,
      LeadscoreTopics.LEAD_MERGES);
  private static final Set<String> COMPACTED = Set.of(LeadscoreTopics.PROFILES, LeadscoreTopics.LEAD_SCORES,
      LeadscoreTopics.SALES_REPS, LeadscoreTopics.RULES, LeadscoreTopics.ACCOUNT_SCORES);
  /** Rules versions are few, and read in the order they were published. */
  private static final Set<String> SINGLE_PARTITION = Set.of(LeadscoreTopics.RULES);
  /** Every topic of the public contract, in the order of the README. */
  public static final List<String> ALL = List.of(LeadscoreTopics.WEB_ACTIVITY, LeadscoreTopics.EMAIL_ACTIVITY,
      LeadscoreTopics.WEBINAR_ACTIVITY, LeadscoreTopics.PROFILES, LeadscoreTopics.LEAD_SCORES,
      LeadscoreTopics.STAGE_CHANGES, LeadscoreTopics.MQL, LeadscoreTopics.DEAD_LETTERS, LeadscoreTopics.SALES_REPS,
      LeadscoreTopics.CRM_OUTCOMES, LeadscoreTopics.MQL_ROUTING, LeadscoreTopics.LIFECYCLE,
      LeadscoreTopics.ACTIONS, LeadscoreTopics.RULES, LeadscoreTopics.PROMOTIONS, LeadscoreTopics.IDENTITIES,
      LeadscoreTopics.LEAD_MERGES, LeadscoreTopics.ACCOUNT_SCORES, LeadscoreTopics.ACCOUNT_STAGE_CHANGES);

  /** The outputs a shadow writes: it routes nothing and sends no stage action. */
  static final List<String> SHADOWED = List.of(LeadscoreTopics.LEAD_SCORES, LeadscoreTopics.STAGE_CHANGES,
      LeadscoreTopics.MQL, LeadscoreTopics.DEAD_LETTERS, LeadscoreTopics.LIFECYCLE, LeadscoreTopics.ACCOUNT_SCORES,
      LeadscoreTopics.ACCOUNT_STAGE_CHANGES);

  /** Whether the topic is compacted: it holds the latest value per key (profiles, scores, the roster, rules). */
  public static boolean compacted(String topic) {
    return COMPACTED.contains(topic);
  }

  /** Whether the topic has one partition whatever the others have: rules versions, read in publishing order. */
  public static boolean singlePartition(String topic) {
    return SINGLE_PARTITION.contains(topic);
  }

  private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

  private final Admin admin;

  public TopicProvisioner(Admin admin) {
    this.admin = admin;
  }

  public void ensureTopics(int partitions, short replicationFactor) throws InterruptedException {
    Map<String, String> topics = new LinkedHashMap<>();
    ALL.forEach(topic -> topics.put(topic, topic));
    ensure(topics, partitions, replicationFactor);
    checkCoPartitioned();
  }

  /** The outputs a candidate's shadow writes, each made as its live topic is. */
  public void ensureShadowTopics(String version, int partitions, short replicationFactor)
      throws InterruptedException {
    Map<String, String> topics = new LinkedHashMap<>();
    SHADOWED.forEach(topic -> topics.put(LeadscoreTopics.shadowName(topic, version), topic));
    ensure(topics, partitions, replicationFactor);
  }

  /** Creates the topics of {@code topics} that are missing, each configured as the live topic it maps to. */
  private void ensure(Map<String, String> topics, int partitions, short replicationFactor)
      throws InterruptedException {
    Set<String> existing = call(() -> admin.listTopics().names().get());
    List<NewTopic> missing = new ArrayList<>();
    topics.forEach((topic, like) -> {
      if (!existing.contains(topic)) {
        NewTopic newTopic = new NewTopic(topic, singlePartition(like) ? 1 : partitions, replicationFactor);
        if (compacted(like)) {
          newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        missing.add(newTopic);
      }
    });
    if (!missing.isEmpty()) {
      log.info("creating topics {} with {} partitions, replication factor {}",
          missing.stream().map(NewTopic::name).toList(), partitions, replicationFactor);
      try {
        admin.createTopics(missing).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
        }
      }
    }
  }

  public void checkCoPartitioned() throws InterruptedException {
    Map<String, TopicDescription> described = describeCoPartitioned();
    Map<String, Integer> counts = new LinkedHashMap<>();
    CO_PARTITIONED.forEach(t -> counts.put(t, described.get(t).partitions().size()));
    if (counts.values().stream().distinct().count() > 1) {
      throw new IllegalStateException("the topics " + CO_PARTITIONED + " are read together by lead id and need the "
          + "same number of partitions, but have " + counts.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))
          + "; repartition them to one count before starting leadscore");
    }
  }

  /** Topics just created can take a moment to reach every broker's metadata; missing ones are retried briefly. */
  private Map<String, TopicDescription> describeCoPartitioned() throws InterruptedException {
    long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
    while (true) {
      try {
        return admin.describeTopics(CO_PARTITIONED).allTopicNames().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot describe the input topics " + CO_PARTITIONED + ": "
              + e.getCause().getMessage(), e.getCause());
        }
        Thread.sleep(200);
      }
    }
  }

  private interface AdminCall<T> {
    T call() throws InterruptedException, ExecutionException;
  }

  private static <T> T call(AdminCall<T> call) throws InterruptedException {
    try {
      return call.call();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot reach the Kafka cluster: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
