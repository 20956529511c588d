package io.leadscore.bench;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.CrmOutcomeType;
import io.leadscore.avro.EmailActivity;
import io.leadscore.avro.EmailActivityType;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import io.leadscore.avro.WebinarActivity;
import io.leadscore.avro.WebinarActivityType;
import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the load as a marketing stack would: a CRM profile per lead, then activity in sessions (a few events minutes
 * apart) of leads drawn from a Zipf distribution, so that few leads are busy and most are quiet. Of the records after
 * the profiles, about {@value #DUPLICATE_PERCENT}% repeat an earlier event (same id and time), {@value #LATE_PERCENT}%
 * come late (half within the reorder window, half hours or days beyond it), {@value #PROFILE_UPDATE_PERMILLE} in 1,000
 * update a profile and {@value #OUTCOME_PERMILLE} in 1,000 report a CRM outcome. In a backlog, event times advance
 * evenly over {@code span} up to the time it was started. Live, they are the time of sending, and nothing is repeated
 * or late: the latency of an output is measured from the time of the input that caused it.
 */
final class LoadGenerator implements AutoCloseable {

  static final int DUPLICATE_PERCENT = 1;
  static final int LATE_PERCENT = 3;
  static final int PROFILE_UPDATE_PERMILLE = 20;
  static final int OUTCOME_PERMILLE = 5;
  private static final double ZIPF_EXPONENT = 1.0;
  private static final int ACTIVE_SESSIONS = 500;
  private static final int REMEMBERED_FOR_DUPLICATES = 10_000;
  private static final String[] PATHS = {"/", "/pricing", "/product/routing", "/product/scoring", "/blog/b2b",
      "/customers", "/careers"};
  private static final String[] LEVELS = {"C_LEVEL", "VP", "DIRECTOR", "MANAGER", "INDIVIDUAL_CONTRIBUTOR"};
  private static final String[] COUNTRIES = {"US", "DE", "MX", "BR", "GB", "FR", "IN"};
  private static final CrmOutcomeType[] OUTCOMES = {CrmOutcomeType.ACCEPTED, CrmOutcomeType.REJECTED,
      CrmOutcomeType.RECYCLED, CrmOutcomeType.OPPORTUNITY, CrmOutcomeType.LOST, CrmOutcomeType.WON};

  private final KafkaProducer<String, byte[]> producer;
  private final LeadscoreTopics topics;
  private final int leads;
  private final double[] zipfCumulative;
  private final SplittableRandom random;
  /** In every event id, so that no two generators' events share one. */
  private final long seed;
  private final Session[] sessions = new Session[ACTIVE_SESSIONS];
  private final List<ProducerRecord<String, byte[]>> sent = new ArrayList<>(REMEMBERED_FOR_DUPLICATES);
  private final long spanMs;
  private final long endsAt;
  private final long total;
  private long sequence;

  private static final class Session {
    int lead;
    int remaining;
    long offsetMs;
  }

  /** A backlog of {@code total} records whose event times spread over {@code span}, ending when it is created. */
  static LoadGenerator backlog(String bootstrapServers, LeadscoreTopics topics, int leads, long seed, long total,
      Duration span) {
    return new LoadGenerator(bootstrapServers, topics, leads, seed, total, span.toMillis());
  }

  /** Live traffic: event times are the time of sending. */
  static LoadGenerator live(String bootstrapServers, LeadscoreTopics topics, int leads, long seed) {
    return new LoadGenerator(bootstrapServers, topics, leads, seed, 0, 0);
  }

  private LoadGenerator(String bootstrapServers, LeadscoreTopics topics, int leads, long seed, long total,
      long spanMs) {
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer());
    this.topics = topics;
    this.leads = leads;
    this.random = new SplittableRandom(seed);
    this.seed = seed;
    this.total = total;
    this.spanMs = spanMs;
    this.endsAt = System.currentTimeMillis();
    this.zipfCumulative = new double[leads];
    double sum = 0;
    for (int rank = 0; rank < leads; rank++) {
      sum += 1 / Math.pow(rank + 1, ZIPF_EXPONENT);
      zipfCumulative[rank] = sum;
    }
    for (int rank = 0; rank < leads; rank++) {
      zipfCumulative[rank] /= sum;
    }
  }

  static String leadId(int index) {
    return String.format("lead-%07d", index);
  }

  void sendProfiles() {
    for (int i = 0; i < leads; i++) {
      sendProfile(i, LEVELS[i % LEVELS.length]);
    }
    producer.flush();
  }

  /** The next record after the profiles: mostly a session's next activity, sometimes a repeat, a late event, etc. */
  void sendNext() {
    long now = live() ? System.currentTimeMillis() : endsAt - spanMs + spanMs * Math.min(sequence, total)
        / Math.max(1, total);
    int dice = random.nextInt(1000);
    if (dice < PROFILE_UPDATE_PERMILLE) {
      sendProfile(zipfLead(), LEVELS[random.nextInt(LEVELS.length)]);
    } else if (dice < PROFILE_UPDATE_PERMILLE + OUTCOME_PERMILLE) {
      String lead = leadId(zipfLead());
      send(topics.crmOutcomes(), lead, CrmOutcome.newBuilder().setLeadId(lead)
          .setOutcome(OUTCOMES[random.nextInt(OUTCOMES.length)]).setRepId("rep-" + random.nextInt(20))
          .setReportedAt(Instant.ofEpochMilli(now)).build());
    } else if (live()) {
      sendSessionActivity(now);
    } else if (dice < PROFILE_UPDATE_PERMILLE + OUTCOME_PERMILLE + 10 * DUPLICATE_PERCENT && !sent.isEmpty()) {
      producer.send(sent.get(random.nextInt(sent.size())));
    } else if (dice < PROFILE_UPDATE_PERMILLE + OUTCOME_PERMILLE + 10 * (DUPLICATE_PERCENT + LATE_PERCENT)) {
      boolean withinReorderWindow = random.nextBoolean();
      long late = withinReorderWindow ? Duration.ofMinutes(5 + random.nextInt(45)).toMillis()
          : Duration.ofHours(2).toMillis() + (long) (random.nextDouble() * Duration.ofDays(3).toMillis());
      sendActivity(zipfLead(), now - late);
    } else {
      sendSessionActivity(now);
    }
    sequence++;
  }

  private boolean live() {
    return spanMs == 0;
  }

  private void sendSessionActivity(long now) {
    int slot = random.nextInt(ACTIVE_SESSIONS);
    Session session = sessions[slot];
    if (session == null || session.remaining == 0) {
      session = new Session();
      session.lead = zipfLead();
      // Geometric, mean 5: most sessions are short, a few long.
      session.remaining = 1 + (int) (Math.log(1 - random.nextDouble()) / Math.log(0.8));
      sessions[slot] = session;
    }
    session.remaining--;
    session.offsetMs += 10_000 + random.nextInt(240_000);
    // A session's events stay in order and near the backlog's clock, never in the future of the live clock.
    long time = live() ? now : Math.min(now, now - Duration.ofMinutes(30).toMillis() + session.offsetMs);
    sendActivity(session.lead, time);
  }

  private int zipfLead() {
    int rank = Arrays.binarySearch(zipfCumulative, random.nextDouble());
    rank = rank < 0 ? Math.min(leads - 1, -rank - 1) : rank;
    // Spreads the busy ranks over the id space, so that they fall on every partition.
    return (int) ((rank * 7_919L + 13) % leads);
  }

  private void sendProfile(int index, String level) {
    String lead = leadId(index);
    send(topics.profiles(), lead, LeadProfile.newBuilder().setLeadId(lead).setFirstName("Lead").setLastName(lead)
        .setJobLevel(level).setIndustry(index % 3 == 0 ? "Software" : "Retail")
        .setEmployees(50 + (index % 20) * 500).setCountry(COUNTRIES[index % COUNTRIES.length])
        .setCompanyDomain("company-" + (index % 5000) + ".example").setUpdatedAt(Instant.now()).build());
  }

  /** One activity of a random kind: about 60% web, 25% email, 15% webinar. */
  private void sendActivity(int index, long time) {
    String lead = leadId(index);
    String eventId = "load-" + seed + "-" + sequence;
    Instant at = Instant.ofEpochMilli(time);
    int kind = random.nextInt(100);
    ProducerRecord<String, byte[]> record;
    if (kind < 45) {
      record = send(topics.webActivity(), lead, WebActivity.newBuilder().setEventId(eventId).setLeadId(lead).setEventTime(at)
          .setType(WebActivityType.PAGE_VIEW).setUrl("https://example.com" + PATHS[random.nextInt(PATHS.length)])
          .build());
    } else if (kind < 55) {
      record = send(topics.webActivity(), lead, WebActivity.newBuilder().setEventId(eventId).setLeadId(lead).setEventTime(at)
          .setType(WebActivityType.CONTENT_DOWNLOAD).setContentId(random.nextInt(10) == 0 ? "testimonial-acme"
              : "whitepaper-" + random.nextInt(20)).build());
    } else if (kind < 60) {
      record = send(topics.webActivity(), lead, WebActivity.newBuilder().setEventId(eventId).setLeadId(lead).setEventTime(at)
          .setType(WebActivityType.FORM_SUBMIT).setFormId("demo-request").build());
    } else if (kind < 85) {
      record = send(topics.emailActivity(), lead, EmailActivity.newBuilder().setEventId(eventId).setLeadId(lead)
          .setEventTime(at).setType(random.nextBoolean() ? EmailActivityType.OPENED : EmailActivityType.CLICKED)
          .setCampaign("nurture-" + random.nextInt(5)).build());
    } else {
      record = send(topics.webinarActivity(), lead, WebinarActivity.newBuilder().setEventId(eventId).setLeadId(lead)
          .setEventTime(at).setType(WebinarActivityType.ATTENDED).setWebinarId("webinar-" + random.nextInt(4))
          .setMinutesAttended(10 + random.nextInt(50)).build());
    }
    remember(record);
  }

  void flush() {
    producer.flush();
  }

  private <V> ProducerRecord<String, byte[]> send(Topic<String, V> topic, String lead, V value) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), lead,
        topic.valueSerde().serializer().serialize(topic.name(), value));
    producer.send(record);
    return record;
  }

  /** Keeps a sample of the activity sent, for repeats. */
  private void remember(ProducerRecord<String, byte[]> activity) {
    if (sent.size() < REMEMBERED_FOR_DUPLICATES) {
      sent.add(activity);
    } else {
      sent.set(random.nextInt(REMEMBERED_FOR_DUPLICATES), activity);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
