package io.leadscore.demo;

import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.CrmOutcomeType;
import io.leadscore.avro.EmailActivity;
import io.leadscore.avro.EmailActivityType;
import io.leadscore.avro.Identification;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.RepStatus;
import io.leadscore.avro.SalesRep;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import io.leadscore.avro.WebinarActivity;
import io.leadscore.avro.WebinarActivityType;
import io.leadscore.topology.LeadscoreTopics;
import io.leadscore.topology.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Simulated tracking traffic: leads with CRM profiles who browse, download, open emails and attend webinars, each
 * following a persona (buyers, researchers, browsers, job seekers). Half the leads first browse as anonymous visitors
 * (page views with a visitor id only), until a form they fill in identifies them; their anonymous page views are then
 * credited to them. A few events are duplicates or bad, as in real tracking data, so deduplication and the dead-letter
 * topic have something to do.
 */
public final class DemoTraffic implements AutoCloseable {

  enum Persona {
    BUYER(0.10, 6), RESEARCHER(0.35, 3), BROWSER(0.45, 1), JOB_SEEKER(0.10, 1);

    final double share;
    final int activity;

    Persona(double share, int activity) {
      this.share = share;
      this.activity = activity;
    }
  }

  record Lead(String id, Persona persona) {

    /** The tracking system's cookie of the lead's browser. */
    String visitorId() {
      return "visitor-" + id.substring("lead-".length());
    }
  }

  /** An outcome the demo's sales team will report when {@code dueNanos} comes. */
  private record Reported(long dueNanos, String leadId, CrmOutcomeType outcome) {
  }

  private static final String[] INDUSTRIES = {"Software", "Telecommunications", "Financial Services",
      "Manufacturing", "Retail", "Education", "Government"};
  private static final String[] COUNTRIES = {"US", "US", "GB", "DE", "MX", "MX", "FR", "CA", "BR", "IN"};
  private static final String[] CONTENT = {"ebook-lead-scoring", "whitepaper-kafka", "client-testimonial-acme",
      "datasheet", "roi-calculator"};

  private final Random random;
  private final LeadscoreTopics topics;
  private final Producer<byte[], byte[]> producer;
  private final List<Lead> leads = new ArrayList<>();
  private final List<Lead> weighted = new ArrayList<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong bad = new AtomicLong();
  private final AtomicLong identified = new AtomicLong();
  /** Leads still browsing anonymously; the traffic's own thread alone reads and changes it. */
  private final Set<String> anonymous = new HashSet<>();
  /** The sales team's verdicts come from the console's thread, which sees the MQLs. */
  private final Random sales;
  private final PriorityBlockingQueue<Reported> outcomes =
      new PriorityBlockingQueue<>(64, Comparator.comparingLong(Reported::dueNanos));

  public DemoTraffic(String bootstrapServers, LeadscoreTopics topics, int leadCount, long seed) {
    this.random = new Random(seed);
    this.sales = new Random(seed + 1);
    this.topics = topics;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    for (int i = 0; i < leadCount; i++) {
      Lead lead = new Lead(String.format("lead-%05d", i), persona());
      leads.add(lead);
      if (random.nextBoolean()) {
        anonymous.add(lead.id());
      }
      for (int w = 0; w < lead.persona().activity; w++) {
        weighted.add(lead);
      }
    }
  }

  public long eventsSent() {
    return sent.get();
  }

  public long badEventsSent() {
    return bad.get();
  }

  /** Anonymous visitors identified so far, by a form they filled in. */
  public long visitorsIdentified() {
    return identified.get();
  }

  public int leadCount() {
    return leads.size();
  }

  /** Sends the sales roster the default routing rules use: LATAM, enterprise and inside sales, one rep away. */
  public void sendRoster() {
    List<SalesRep> roster = List.of(
        rep("ana", "Ana Lima", "latam", 2, null, RepStatus.AVAILABLE),
        rep("bruno", "Bruno Costa", "latam", 1, null, RepStatus.AVAILABLE),
        rep("olga", "Olga Ivanova", "enterprise", 1, null, RepStatus.AVAILABLE),
        rep("dmitri", "Dmitri Sokolov", "enterprise", 1, null, RepStatus.AWAY),
        rep("sam", "Sam Ortiz", "inside-sales", 2, null, RepStatus.AVAILABLE),
        rep("tara", "Tara Nguyen", "inside-sales", 1, null, RepStatus.AVAILABLE),
        rep("umar", "Umar Haddad", "inside-sales", 1, 25, RepStatus.AVAILABLE));
    Serializer<SalesRep> serializer = topics.salesReps().valueSerde().serializer();
    for (SalesRep rep : roster) {
      producer.send(new ProducerRecord<>(topics.salesReps().name(),
          rep.getRepId().getBytes(StandardCharsets.UTF_8), serializer.serialize(topics.salesReps().name(), rep)));
    }
    producer.flush();
  }

  private static SalesRep rep(String id, String name, String team, int weight, Integer capacity, RepStatus status) {
    return SalesRep.newBuilder().setRepId(id).setName(name).setTeam(team).setWeight(weight).setCapacity(capacity)
        .setStatus(status).build();
  }

  /** Sends the CRM profiles of about nine in ten leads; the rest arrive later, after some activity. */
  public void sendProfiles() {
    for (Lead lead : leads) {
      if (random.nextDouble() < 0.9) {
        sendProfile(lead);
      }
    }
    producer.flush();
  }

  /** Sends events for {@code duration} at about {@code perSecond}, or until interrupted. */
  public void run(int perSecond, Duration duration) throws InterruptedException {
    long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    long pauseNanos = 1_000_000_000L / Math.max(1, perSecond);
    long next = System.nanoTime();
    while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
      sendOne();
      next += pauseNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
    producer.flush();
  }

  /**
   * Sales works an MQL as the CRM would report it, seconds apart rather than days: the better its grade, the likelier
   * it is accepted, becomes an opportunity and is won, which the dashboard's conversion heatmap then shows.
   */
  public void salesWork(MqlEntry mql) {
    double odds = switch (mql.getSnapshot().getGrade()) {
      case A -> 0.85;
      case B -> 0.65;
      case C, D -> 0.35;
    };
    long due = System.nanoTime() + seconds(2, 10);
    String lead = mql.getLeadId();
    if (sales.nextDouble() >= odds) {
      outcomes.add(new Reported(due, lead, sales.nextBoolean() ? CrmOutcomeType.REJECTED : CrmOutcomeType.RECYCLED));
      return;
    }
    outcomes.add(new Reported(due, lead, CrmOutcomeType.ACCEPTED));
    if (sales.nextDouble() < odds) {
      due += seconds(5, 20);
      outcomes.add(new Reported(due, lead, CrmOutcomeType.OPPORTUNITY));
      due += seconds(5, 20);
      outcomes.add(new Reported(due, lead, sales.nextDouble() < odds ? CrmOutcomeType.WON : CrmOutcomeType.LOST));
    }
  }

  private long seconds(int from, int to) {
    return TimeUnit.SECONDS.toNanos(from + sales.nextInt(to - from + 1));
  }

  private void sendDueOutcomes() {
    Topic<String, CrmOutcome> topic = topics.crmOutcomes();
    for (Reported next = outcomes.peek(); next != null && next.dueNanos() <= System.nanoTime();
        next = outcomes.peek()) {
      outcomes.remove(next);
      CrmOutcome outcome = CrmOutcome.newBuilder().setLeadId(next.leadId()).setOutcome(next.outcome())
          .setReportedAt(Instant.now()).build();
      producer.send(new ProducerRecord<>(topic.name(), next.leadId().getBytes(StandardCharsets.UTF_8),
          topic.valueSerde().serializer().serialize(topic.name(), outcome)));
      sent.incrementAndGet();
    }
  }

  private void sendOne() {
    sendDueOutcomes();
    Lead lead = weighted.get(random.nextInt(weighted.size()));
    double roll = random.nextDouble();
    if (roll < 0.003) {
      sendBad(lead);
    } else if (roll < 0.01) {
      sendProfile(lead);
    } else {
      sendActivity(lead, roll < 0.02);
    }
  }

  private void sendActivity(Lead lead, boolean duplicate) {
    Instant now = Instant.now();
    String eventId = UUID.randomUUID().toString();
    double roll = random.nextDouble();
    int copies = duplicate ? 2 : 1;
    switch (lead.persona()) {
      case BUYER -> {
        if (roll < 0.35) {
          send(topics.webActivity(), lead, page(lead, eventId, now, pick("/pricing", "/product/scoring",
              "/product/routing", "/customers")), copies);
        } else if (roll < 0.5) {
          String formId = pick("demo-request", "contact-sales", "qualify");
          identify(lead, now, formId);
          send(topics.webActivity(), lead, web(lead, eventId, now, WebActivityType.FORM_SUBMIT)
              .setFormId(formId).setVisitorId(lead.visitorId())
              .setFormAnswers(Map.of("purchase_this_quarter", random.nextDouble() < 0.7 ? "yes" : "no")).build(),
              copies);
        } else if (roll < 0.7) {
          send(topics.webinarActivity(), lead, webinar(lead, eventId, now, WebinarActivityType.ATTENDED)
              .setMinutesAttended(20 + random.nextInt(40)).build(), copies);
        } else {
          send(topics.webActivity(), lead, web(lead, eventId, now, WebActivityType.VIDEO_WATCHED)
              .setContentId("product-tour").build(), copies);
        }
      }
      case RESEARCHER -> {
        if (roll < 0.4) {
          // Gated content: its download form identifies the visitor.
          identify(lead, now, "download");
          send(topics.webActivity(), lead, web(lead, eventId, now, WebActivityType.CONTENT_DOWNLOAD)
              .setContentId(pick(CONTENT)).build(), copies);
        } else if (roll < 0.7) {
          send(topics.emailActivity(), lead, email(lead, eventId, now,
              random.nextBoolean() ? EmailActivityType.OPENED : EmailActivityType.CLICKED), copies);
        } else {
          send(topics.webActivity(), lead, page(lead, eventId, now, pick("/blog/scoring", "/product/scoring",
              "/docs")), copies);
        }
      }
      case BROWSER -> {
        if (roll < 0.6) {
          send(topics.webActivity(), lead, page(lead, eventId, now, pick("/", "/blog/kafka", "/about")), copies);
        } else if (roll < 0.97) {
          send(topics.emailActivity(), lead, email(lead, eventId, now, EmailActivityType.OPENED), copies);
        } else {
          send(topics.emailActivity(), lead, email(lead, eventId, now, EmailActivityType.UNSUBSCRIBED), copies);
        }
      }
      case JOB_SEEKER -> send(topics.webActivity(), lead,
          page(lead, eventId, now, pick("/careers", "/careers/engineering", "/about")), copies);
    }
  }

  private void sendBad(Lead lead) {
    Instant now = Instant.now();
    WebActivity event = switch (random.nextInt(3)) {
      case 0 -> web(lead, "", now, WebActivityType.PAGE_VIEW).setUrl("https://example.com/").build();
      case 1 -> web(lead, UUID.randomUUID().toString(), now.plus(Duration.ofDays(3)), WebActivityType.PAGE_VIEW)
          .setUrl("https://example.com/").build();
      default -> web(lead, UUID.randomUUID().toString(), now, WebActivityType.UNKNOWN).build();
    };
    send(topics.webActivity(), lead, event, 1);
    bad.incrementAndGet();
  }

  private void sendProfile(Lead lead) {
    String level = switch (lead.persona()) {
      case BUYER -> pick("C_LEVEL", "VP", "DIRECTOR", "MANAGER");
      case RESEARCHER -> pick("DIRECTOR", "MANAGER", "INDIVIDUAL_CONTRIBUTOR");
      case BROWSER -> pick("MANAGER", "INDIVIDUAL_CONTRIBUTOR", "STUDENT");
      case JOB_SEEKER -> pick("INDIVIDUAL_CONTRIBUTOR", "STUDENT");
    };
    String country = pick(COUNTRIES);
    int company = random.nextInt(900) + 100;
    LeadProfile profile = LeadProfile.newBuilder()
        .setLeadId(lead.id())
        .setFirstName(pick("Ana", "Ben", "Chen", "Dana", "Emil", "Fatima", "Gus", "Hana"))
        .setLastName(pick("Garcia", "Smith", "Müller", "Okafor", "Tanaka", "Rossi"))
        .setEmail(lead.id() + "@company-" + company + ".example")
        .setJobLevel(level)
        .setJobTitle(level.replace('_', ' ').toLowerCase())
        .setIndustry(pick(INDUSTRIES))
        .setEmployees(List.of(5, 40, 250, 1200, 8000, 30000).get(random.nextInt(6)))
        .setCountry(country)
        .setRegion(country.equals("MX") ? pick("Mexico City", "Nuevo Leon", "Jalisco") : null)
        .setCompany("Company " + company)
        .setCompanyDomain("company-" + company + ".example")
        .setUpdatedAt(Instant.now())
        .build();
    send(topics.profiles(), lead, profile, 1);
  }

  /** A page view: the visitor's alone while the lead browses anonymously. */
  private WebActivity page(Lead lead, String eventId, Instant time, String path) {
    WebActivity.Builder view = web(lead, eventId, time, WebActivityType.PAGE_VIEW)
        .setUrl("https://example.com" + path).setVisitorId(lead.visitorId());
    return anonymous.contains(lead.id()) ? view.setLeadId(null).build() : view.build();
  }

  /** A form fill identifies the visitor: its anonymous page views are the lead's from now on. */
  private void identify(Lead lead, Instant time, String formId) {
    if (!anonymous.remove(lead.id())) {
      return;
    }
    Topic<String, Identification> topic = topics.identities();
    Identification identification = Identification.newBuilder().setVisitorId(lead.visitorId())
        .setLeadId(lead.id()).setIdentifiedAt(time).setSource("form:" + formId).build();
    producer.send(new ProducerRecord<>(topic.name(), lead.visitorId().getBytes(StandardCharsets.UTF_8),
        topic.valueSerde().serializer().serialize(topic.name(), identification)));
    identified.incrementAndGet();
  }

  private WebActivity.Builder web(Lead lead, String eventId, Instant time, WebActivityType type) {
    return WebActivity.newBuilder().setEventId(eventId).setLeadId(lead.id()).setEventTime(time).setType(type);
  }

  private EmailActivity email(Lead lead, String eventId, Instant time, EmailActivityType type) {
    return EmailActivity.newBuilder().setEventId(eventId).setLeadId(lead.id()).setEventTime(time).setType(type)
        .setCampaign(pick("nurture-q4", "webinar-invite", "product-launch")).build();
  }

  private WebinarActivity.Builder webinar(Lead lead, String eventId, Instant time, WebinarActivityType type) {
    return WebinarActivity.newBuilder().setEventId(eventId).setLeadId(lead.id()).setEventTime(time).setType(type)
        .setWebinarId("wb-2026-11").setWebinarTitle("Real-time lead scoring");
  }

  private <V extends SpecificRecord> void send(Topic<String, V> topic, Lead lead, V value, int copies) {
    Serializer<V> serializer = topic.valueSerde().serializer();
    // Anonymous web activity is keyed by its visitor, so that it meets the visitor's identification.
    boolean byVisitor = value instanceof WebActivity web && web.getLeadId() == null && web.getVisitorId() != null;
    byte[] key = topic.keySerde().serializer().serialize(topic.name(), byVisitor ? lead.visitorId() : lead.id());
    byte[] bytes = serializer.serialize(topic.name(), value);
    for (int i = 0; i < copies; i++) {
      producer.send(new ProducerRecord<>(topic.name(), key, bytes));
      sent.incrementAndGet();
    }
  }

  private Persona persona() {
    double roll = random.nextDouble();
    for (Persona persona : Persona.values()) {
      roll -= persona.share;
      if (roll < 0) {
        return persona;
      }
    }
    return Persona.BROWSER;
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
