package io.leadscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.CrmOutcomeType;
import io.leadscore.avro.EmailActivity;
import io.leadscore.avro.EmailActivityType;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.SalesRep;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import io.leadscore.avro.WebinarActivity;
import io.leadscore.avro.WebinarActivityType;
import io.leadscore.failures.DeadLetters;
import io.leadscore.serde.ApicurioRegistry;
import io.leadscore.serde.AvroSerdes;
import io.leadscore.serde.WireFormatAvroSerde;
import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand valid records interleaved with ten thousand hostile ones on every input and table topic, on a real
 * broker with a real schema registry, exactly-once. Every valid record is scored exactly once, every hostile one is in
 * the dead-letter topic with a reason, no stream thread dies, and every partition is read to its end.
 */
class FuzzBrokerTest {

  private static final int LEADS = 1_000;
  private static final int ACTIVITIES = 8_980;
  private static final int REPS = 20;
  private static final int HOSTILE = 10_000;
  private static final Duration WAIT = Duration.ofMinutes(4);
  private static final Instant NOW = Instant.now();
  private static final List<String> TOPICS = List.of(LeadscoreTopics.WEB_ACTIVITY, LeadscoreTopics.EMAIL_ACTIVITY,
      LeadscoreTopics.WEBINAR_ACTIVITY, LeadscoreTopics.PROFILES, LeadscoreTopics.SALES_REPS,
      LeadscoreTopics.CRM_OUTCOMES);

  enum Hostility {
    RANDOM_BYTES, BIT_FLIPS, OTHER_SCHEMA, UNKNOWN_SCHEMA_ID, LENGTH_BOMB, OVERSIZED_ID, NULL_KEY, OVERSIZED_TEXT,
    KEY_MISMATCH
  }

  private record Input(String topic, byte[] key, byte[] value, Hostility hostility, String lead) {
  }

  private final Random random = new Random(2026);
  private LeadscoreTopics topics;

  @Test
  void everyValidRecordIsScoredOnceAndEveryHostileOneIsDeadLetteredWithItsReason() throws Exception {
    ApicurioRegistry registry = ApicurioRegistry.get();
    try (BrokerFixture broker = new BrokerFixture()) {
      LeadscoreConfig config = broker.config("fuzz")
          .with(WireFormatAvroSerde.REGISTRY_URL_CONFIG, registry.url())
          .with(LeadscoreConfig.RULES_FILE, rulesWithAManyStarredPattern(broker.dir).toString());
      topics = LeadscoreTopics.with(new AvroSerdes(WireFormatAvroSerde.class.getName(), config.clientSettings()));
      List<Input> inputs = new ArrayList<>(valid());
      Map<Hostility, Integer> kinds = new EnumMap<>(Hostility.class);
      for (int i = 0; i < HOSTILE; i++) {
        Hostility hostility = Hostility.values()[i % Hostility.values().length];
        inputs.add(hostile(TOPICS.get((i / Hostility.values().length) % TOPICS.size()), hostility));
        kinds.merge(hostility, 1, Integer::sum);
      }
      Collections.shuffle(inputs, random);

      try (ScoringApp app = ScoringApp.start(config)) {
        assertThat(app.awaitRunning(WAIT)).isTrue();
        long started = System.nanoTime();
        Set<String> hostileReads = send(broker, inputs);

        Map<String, Long> expectedScores = inputs.stream()
            .filter(in -> in.hostility() == null && in.lead() != null)
            .collect(Collectors.groupingBy(Input::lead, Collectors.counting()));
        int expectedScoreCount = expectedScores.values().stream().mapToInt(Long::intValue).sum();
        List<ConsumerRecord<byte[], byte[]>> scores = broker.readRaw(LeadscoreTopics.LEAD_SCORES, null,
            expectedScoreCount, WAIT);
        List<ConsumerRecord<byte[], byte[]>> dead = broker.readRaw(LeadscoreTopics.DEAD_LETTERS, null, HOSTILE, WAIT);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        Map<String, Long> scored = scores.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8))
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(scored).as("one score update per valid profile and activity of each lead")
            .isEqualTo(expectedScores);
        assertThat(dead).hasSize(HOSTILE);
        Set<String> deadReads = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> letter : dead) {
          assertThat(HostileInputBrokerTest.header(letter, DeadLetters.MESSAGE)).isNotBlank();
          deadReads.add(HostileInputBrokerTest.header(letter, DeadLetters.TOPIC) + "-"
              + HostileInputBrokerTest.header(letter, DeadLetters.PARTITION) + "@"
              + HostileInputBrokerTest.header(letter, DeadLetters.OFFSET));
        }
        assertThat(deadReads).as("exactly the hostile records").isEqualTo(hostileReads);
        assertThat(HostileInputBrokerTest.metric(app, "failed-stream-threads")).isZero();
        assertThat(app.failure()).isNull();
        assertEveryInputPartitionWasReadToItsEnd(config);

        System.out.printf("Fuzz: %d valid records (%d score updates) and %d hostile ones %s on %d topics: all "
            + "scored once, %d dead-lettered, 0 stream threads failed, in %.1f s%n", inputs.size() - HOSTILE,
            expectedScoreCount, HOSTILE, kinds, TOPICS.size(), dead.size(), took.toMillis() / 1000.0);
      }
    }
  }

  /** The default rules with one more, whose pattern a backtracking matcher would take minutes over on long paths. */
  private static Path rulesWithAManyStarredPattern(Path dir) throws Exception {
    String rules;
    try (var in = FuzzBrokerTest.class.getResourceAsStream("/default-rules.yaml")) {
      rules = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    rules = rules.replaceFirst("(?m)^  rules:\n", """
          rules:
            - id: many-stars
              description: A pattern with many stars
              on: web.page_view
              when: { path: "*a*a*a*a*b*" }
              points: 1
        """);
    // Without caps and once-only rules every valid activity changes its lead's score, and a lead's score is published
    // only when it changes: one lead score per valid record.
    rules = rules.replaceAll("(?m)^ +(cap: .*|frequency: once)\n", "");
    Path file = dir.resolve("fuzz-rules.yaml");
    Files.writeString(file, rules);
    return file;
  }

  private List<Input> valid() {
    List<Input> inputs = new ArrayList<>();
    for (int i = 0; i < LEADS; i++) {
      String lead = lead(i);
      inputs.add(input(topics.profiles(), lead, profile(lead), lead));
    }
    for (int i = 0; i < REPS; i++) {
      String rep = "rep-" + i;
      inputs.add(input(topics.salesReps(), rep, SalesRep.newBuilder().setRepId(rep).setName("Rep " + i)
          .setTeam(i % 2 == 0 ? "enterprise" : "inside-sales").build(), null));
    }
    for (int i = 0; i < ACTIVITIES; i++) {
      String lead = lead(random.nextInt(LEADS));
      String id = "valid-" + i;
      Instant time = NOW.minusMillis(i);
      switch (i % 3) {
        case 0 -> inputs.add(input(topics.webActivity(), lead, web(lead, id,
            // Paths of up to 8,000 characters of 'a', where the many-starred pattern must fail to match.
            "https://example.com/" + "a".repeat(random.nextInt(8_000)), time), lead));
        case 1 -> inputs.add(input(topics.emailActivity(), lead, EmailActivity.newBuilder().setEventId(id)
            .setLeadId(lead).setType(EmailActivityType.OPENED).setCampaign("fuzz").setEventTime(time).build(), lead));
        default -> inputs.add(input(topics.webinarActivity(), lead, WebinarActivity.newBuilder().setEventId(id)
            .setLeadId(lead).setType(WebinarActivityType.REGISTERED).setWebinarId("w-1").setEventTime(time).build(),
            lead));
      }
    }
    return inputs;
  }

  private static String lead(int i) {
    return String.format("lead-%04d", i);
  }

  private static LeadProfile profile(String lead) {
    return LeadProfile.newBuilder().setLeadId(lead).setJobLevel("Manager").setCountry("DE").setUpdatedAt(NOW)
        .build();
  }

  private static WebActivity web(String lead, String eventId, String url, Instant time) {
    return WebActivity.newBuilder().setEventId(eventId).setLeadId(lead).setType(WebActivityType.PAGE_VIEW)
        .setUrl(url).setEventTime(time).build();
  }

  private <V extends SpecificRecord> Input input(Topic<String, V> topic, String key, V value, String lead) {
    return new Input(topic.name(), key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        topic.valueSerde().serializer().serialize(topic.name(), value), null, lead);
  }

  private Input hostile(String topicName, Hostility hostility) {
    String lead = lead(random.nextInt(LEADS));
    byte[] key = lead.getBytes(StandardCharsets.UTF_8);
    Topic<String, ? extends SpecificRecord> topic = topic(topicName);
    byte[] value = switch (hostility) {
      case RANDOM_BYTES -> randomBytes();
      case BIT_FLIPS -> bitFlips(topic, key);
      case OTHER_SCHEMA -> topicName.equals(LeadscoreTopics.PROFILES)
          ? serialized(topics.webActivity(), web(lead, "x", "https://example.com/", NOW))
          : serialized(topics.profiles(), profile(lead));
      case UNKNOWN_SCHEMA_ID -> ByteBuffer.allocate(13).put((byte) 0).putInt(1_000_000 + random.nextInt(1_000_000))
          .putLong(random.nextLong()).array();
      case LENGTH_BOMB -> ByteBuffer.allocate(10).put((byte) 0).putInt(schemaId(validValue(topic, lead)))
          .put(new byte[] {(byte) 0x80, (byte) 0xD0, (byte) 0xAC, (byte) 0xF3, 0x0E}).array();
      case OVERSIZED_ID -> {
        String huge = "lead-" + "9".repeat(300 + random.nextInt(300_000));
        key = huge.getBytes(StandardCharsets.UTF_8);
        yield validValue(topic, huge);
      }
      case NULL_KEY -> {
        // A compacted topic refuses records without a key: there, the key is empty instead.
        key = compacted(topicName) ? new byte[0] : null;
        yield validValue(topic, lead);
      }
      case OVERSIZED_TEXT -> oversizedText(topic, lead);
      case KEY_MISMATCH -> validValue(topic, lead + "-other");
    };
    return new Input(topicName, key, value, hostility, null);
  }

  private static boolean compacted(String topic) {
    return topic.equals(LeadscoreTopics.PROFILES) || topic.equals(LeadscoreTopics.SALES_REPS);
  }

  private Topic<String, ? extends SpecificRecord> topic(String name) {
    return List.of(topics.webActivity(), topics.emailActivity(), topics.webinarActivity(), topics.profiles(),
        topics.salesReps(), topics.crmOutcomes()).stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow();
  }

  /** A record the topic takes, for {@code id} (a lead, or a rep on the roster). */
  private byte[] validValue(Topic<String, ? extends SpecificRecord> topic, String id) {
    return switch (topic.name()) {
      case LeadscoreTopics.WEB_ACTIVITY -> serialized(topics.webActivity(), web(id, "h-" + random.nextLong(),
          "https://example.com/pricing", NOW));
      case LeadscoreTopics.EMAIL_ACTIVITY -> serialized(topics.emailActivity(), EmailActivity.newBuilder()
          .setEventId("h-" + random.nextLong()).setLeadId(id).setType(EmailActivityType.CLICKED).setEventTime(NOW)
          .build());
      case LeadscoreTopics.WEBINAR_ACTIVITY -> serialized(topics.webinarActivity(), WebinarActivity.newBuilder()
          .setEventId("h-" + random.nextLong()).setLeadId(id).setType(WebinarActivityType.ATTENDED)
          .setEventTime(NOW).build());
      case LeadscoreTopics.PROFILES -> serialized(topics.profiles(), profile(id));
      case LeadscoreTopics.SALES_REPS -> serialized(topics.salesReps(), SalesRep.newBuilder().setRepId(id)
          .setName("Hostile").setTeam("enterprise").build());
      default -> serialized(topics.crmOutcomes(), CrmOutcome.newBuilder().setLeadId(id)
          .setOutcome(CrmOutcomeType.ACCEPTED).setReportedAt(NOW).build());
    };
  }

  private byte[] oversizedText(Topic<String, ? extends SpecificRecord> topic, String lead) {
    String text = "a".repeat(8_193 + random.nextInt(100_000));
    return switch (topic.name()) {
      case LeadscoreTopics.WEB_ACTIVITY -> serialized(topics.webActivity(), web(lead, "h-" + random.nextLong(),
          "https://example.com/" + text, NOW));
      case LeadscoreTopics.EMAIL_ACTIVITY -> serialized(topics.emailActivity(), EmailActivity.newBuilder()
          .setEventId("h-" + random.nextLong()).setLeadId(lead).setType(EmailActivityType.OPENED).setSubject(text)
          .setEventTime(NOW).build());
      case LeadscoreTopics.WEBINAR_ACTIVITY -> serialized(topics.webinarActivity(), WebinarActivity.newBuilder()
          .setEventId("h-" + random.nextLong()).setLeadId(lead).setType(WebinarActivityType.ATTENDED)
          .setWebinarTitle(text).setEventTime(NOW).build());
      case LeadscoreTopics.PROFILES -> serialized(topics.profiles(), LeadProfile.newBuilder(profile(lead))
          .setCompany(text).build());
      case LeadscoreTopics.SALES_REPS -> serialized(topics.salesReps(), SalesRep.newBuilder().setRepId(lead)
          .setName(text).setTeam("enterprise").build());
      default -> serialized(topics.crmOutcomes(), CrmOutcome.newBuilder().setLeadId(lead)
          .setOutcome(CrmOutcomeType.ACCEPTED).setNote(text).setReportedAt(NOW).build());
    };
  }

  @SuppressWarnings("unchecked")
  private static <V extends SpecificRecord> byte[] serialized(Topic<String, V> topic, SpecificRecord value) {
    return topic.valueSerde().serializer().serialize(topic.name(), (V) value);
  }

  private static int schemaId(byte[] wire) {
    return ByteBuffer.wrap(wire, 1, 4).getInt();
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[random.nextInt(64)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A valid record with a few bits flipped, kept only if the topic's own serde can no longer read it. */
  private byte[] bitFlips(Topic<String, ? extends SpecificRecord> topic, byte[] key) {
    while (true) {
      byte[] bytes = validValue(topic, new String(key, StandardCharsets.UTF_8));
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        int bit = random.nextInt(bytes.length * 8);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
      }
      try {
        topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
      } catch (RuntimeException unreadable) {
        return bytes;
      }
    }
  }

  /** Sends everything without waiting record by record; returns where the hostile records landed. */
  private static Set<String> send(BrokerFixture broker, List<Input> inputs) throws Exception {
    Set<String> hostile = new HashSet<>();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.kafka.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (Input input : inputs) {
        sent.add(producer.send(new ProducerRecord<>(input.topic(), input.key(), input.value())));
      }
      producer.flush();
      for (int i = 0; i < inputs.size(); i++) {
        RecordMetadata at = sent.get(i).get();
        if (inputs.get(i).hostility() != null) {
          hostile.add(at.topic() + "-" + at.partition() + "@" + at.offset());
        }
      }
    }
    return hostile;
  }

  private static void assertEveryInputPartitionWasReadToItsEnd(LeadscoreConfig config) throws Exception {
    try (Admin admin = Admin.create(config.clientSettings())) {
      String group = config.get(StreamsConfig.APPLICATION_ID_CONFIG);
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      committed.keySet().stream().filter(tp -> TOPICS.contains(tp.topic()))
          .forEach(tp -> ends.put(tp, OffsetSpec.latest()));
      assertThat(ends).hasSize(TOPICS.size() * 2);
      admin.listOffsets(ends).all().get().forEach((tp, end) -> assertThat(committed.get(tp).offset())
          .as("committed offset of %s", tp).isEqualTo(end.offset()));
    }
  }
}
