package io.leadscore.bench;

import io.leadscore.avro.EmailActivity;
import io.leadscore.avro.EmailActivityType;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import io.leadscore.avro.WebinarActivity;
import io.leadscore.avro.WebinarActivityType;
import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.Topic;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the load: a CRM profile per lead, then activity for random leads in a fixed mix of channels and kinds,
 * every event valid and unique, stamped with the time it is sent.
 */
final class LoadGenerator implements AutoCloseable {

  private static final String[] PATHS = {"/", "/pricing", "/product/routing", "/product/scoring", "/blog/b2b",
      "/customers", "/careers"};
  private static final String[] LEVELS = {"C_LEVEL", "VP", "DIRECTOR", "MANAGER", "INDIVIDUAL_CONTRIBUTOR"};
  private static final String[] COUNTRIES = {"US", "DE", "MX", "BR", "GB", "FR", "IN"};

  private final KafkaProducer<String, byte[]> producer;
  private final LeadscoreTopics topics;
  private final int leads;
  private final SplittableRandom random;
  private long sequence;

  LoadGenerator(String bootstrapServers, LeadscoreTopics topics, int leads, long seed) {
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer());
    this.topics = topics;
    this.leads = leads;
    this.random = new SplittableRandom(seed);
  }

  static String leadId(int index) {
    return String.format("lead-%07d", index);
  }

  void sendProfiles() {
    for (int i = 0; i < leads; i++) {
      String lead = leadId(i);
      send(topics.profiles(), lead, LeadProfile.newBuilder().setLeadId(lead).setFirstName("Lead").setLastName(lead)
          .setJobLevel(LEVELS[i % LEVELS.length]).setIndustry(i % 3 == 0 ? "Software" : "Retail")
          .setEmployees(50 + (i % 20) * 500).setCountry(COUNTRIES[i % COUNTRIES.length])
          .setCompanyDomain("company-" + (i % 5000) + ".example").setUpdatedAt(Instant.now()).build());
    }
    producer.flush();
  }

  /** One activity for a random lead, of a random kind: about 60% web, 25% email, 15% webinar. */
  void sendActivity() {
    String lead = leadId(random.nextInt(leads));
    String eventId = "load-" + sequence++;
    Instant now = Instant.now();
    int kind = random.nextInt(100);
    if (kind < 45) {
      send(topics.webActivity(), lead, WebActivity.newBuilder().setEventId(eventId).setLeadId(lead).setEventTime(now)
          .setType(WebActivityType.PAGE_VIEW).setUrl("https://example.com" + PATHS[random.nextInt(PATHS.length)])
          .build());
    } else if (kind < 55) {
      send(topics.webActivity(), lead, WebActivity.newBuilder().setEventId(eventId).setLeadId(lead).setEventTime(now)
          .setType(WebActivityType.CONTENT_DOWNLOAD).setContentId(random.nextInt(10) == 0 ? "testimonial-acme"
              : "whitepaper-" + random.nextInt(20)).build());
    } else if (kind < 60) {
      send(topics.webActivity(), lead, WebActivity.newBuilder().setEventId(eventId).setLeadId(lead).setEventTime(now)
          .setType(WebActivityType.FORM_SUBMIT).setFormId("demo-request").build());
    } else if (kind < 85) {
      send(topics.emailActivity(), lead, EmailActivity.newBuilder().setEventId(eventId).setLeadId(lead)
          .setEventTime(now).setType(random.nextBoolean() ? EmailActivityType.OPENED : EmailActivityType.CLICKED)
          .setCampaign("nurture-" + random.nextInt(5)).build());
    } else {
      send(topics.webinarActivity(), lead, WebinarActivity.newBuilder().setEventId(eventId).setLeadId(lead)
          .setEventTime(now).setType(WebinarActivityType.ATTENDED).setWebinarId("webinar-" + random.nextInt(4))
          .setMinutesAttended(10 + random.nextInt(50)).build());
    }
  }

  void flush() {
    producer.flush();
  }

  private <V> void send(Topic<String, V> topic, String lead, V value) {
    producer.send(new ProducerRecord<>(topic.name(), lead, topic.valueSerde().serializer().serialize(topic.name(),
        value)));
  }

  @Override
  public void close() {
    producer.close();
  }
}
