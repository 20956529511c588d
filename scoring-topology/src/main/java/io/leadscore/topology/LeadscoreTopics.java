package io.leadscore.topology;

import io.leadscore.avro.AccountScore;
import io.leadscore.avro.AccountStageChange;
import io.leadscore.avro.CrmOutcome;
import io.leadscore.avro.EmailActivity;
import io.leadscore.avro.Identification;
import io.leadscore.avro.LeadAction;
import io.leadscore.avro.LeadLifecycle;
import io.leadscore.avro.LeadMerge;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.LeadScore;
import io.leadscore.avro.MqlEntry;
import io.leadscore.avro.MqlRouting;
import io.leadscore.avro.PromotedLead;
import io.leadscore.avro.RulesVersion;
import io.leadscore.avro.SalesRep;
import io.leadscore.avro.StageChange;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebinarActivity;
import io.leadscore.serde.AvroSerdes;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the public contract with its serdes. Keys are lead ids, except rep ids on the sales-reps topic,
 * versions on the rules topic, visitor ids on the identities topic and for anonymous web activity, and company
 * domains on the account topics. The dead-letter topic holds the original key and value bytes of bad input, with {@code __streams.errors.*} headers that say why (KIP-1034).
 */
public record LeadscoreTopics(
    Topic<String, WebActivity> webActivity,
    Topic<String, EmailActivity> emailActivity,
    Topic<String, WebinarActivity> webinarActivity,
    Topic<String, LeadProfile> profiles,
    Topic<String, LeadScore> leadScores,
    Topic<String, StageChange> stageChanges,
    Topic<String, MqlEntry> mql,
    Topic<byte[], byte[]> deadLetters,
    Topic<String, SalesRep> salesReps,
    Topic<String, CrmOutcome> crmOutcomes,
    Topic<String, MqlRouting> mqlRouting,
    Topic<String, LeadLifecycle> lifecycle,
    Topic<String, LeadAction> actions,
    Topic<String, RulesVersion> rules,
    Topic<String, PromotedLead> promotions,
    Topic<String, Identification> identities,
    Topic<String, LeadMerge> leadMerges,
    Topic<String, AccountScore> accountScores,
    Topic<String, AccountStageChange> accountStageChanges) {

  public static final String WEB_ACTIVITY = "leadscore.activity.web";
  public static final String EMAIL_ACTIVITY = "leadscore.activity.email";
  public static final String WEBINAR_ACTIVITY = "leadscore.activity.webinar";
  public static final String PROFILES = "leadscore.profiles";
  public static final String LEAD_SCORES = "leadscore.lead-scores";
  public static final String STAGE_CHANGES = "leadscore.stage-changes";
  public static final String MQL = "leadscore.mql";
  public static final String DEAD_LETTERS = "leadscore.dlq";
  public static final String SALES_REPS = "leadscore.sales-reps";
  public static final String CRM_OUTCOMES = "leadscore.crm-outcomes";
  public static final String MQL_ROUTING = "leadscore.mql-routing";
  public static final String LIFECYCLE = "leadscore.lifecycle";
  public static final String ACTIONS = "leadscore.actions";
  public static final String RULES = "leadscore.rules";
  public static final String PROMOTIONS = "leadscore.promotions";
  public static final String IDENTITIES = "leadscore.identities";
  public static final String LEAD_MERGES = "leadscore.lead-merges";
  public static final String ACCOUNT_SCORES = "leadscore.account-scores";
  public static final String ACCOUNT_STAGE_CHANGES = "leadscore.account-stage-changes";

  /** Prefix of a candidate's outputs: {@code leadscore.shadow.<version>.lead-scores} and so on. */
  public static final String SHADOW_PREFIX = "leadscore.shadow.";
  private static final Pattern TOPIC_SAFE = Pattern.compile("[a-zA-Z0-9._-]{1,100}");

  /**
   * The same inputs, and every output under {@code leadscore.shadow.<version>.}, so that a candidate version scores
   * the live input while nothing of it reaches a live output or the live dead-letter topic.
   */
  public LeadscoreTopics shadow(String version) {
    if (!TOPIC_SAFE.matcher(version).matches()) {
      throw new IllegalArgumentException("rules version '" + version + "' cannot name a topic: use letters, digits, "
          + "'.', '_' and '-' (at most 100)");
    }
    return new LeadscoreTopics(webActivity, emailActivity, webinarActivity, profiles, shadow(leadScores, version),
        shadow(stageChanges, version), shadow(mql, version), shadow(deadLetters, version), salesReps, crmOutcomes,
        shadow(mqlRouting, version), shadow(lifecycle, version), shadow(actions, version), rules, promotions,
        identities, leadMerges, shadow(accountScores, version), shadow(accountStageChanges, version));
  }

  /** The name a live output has in a candidate's shadow. */
  public static String shadowName(String topic, String version) {
    return SHADOW_PREFIX + version + "." + topic.substring("leadscore.".length());
  }

  private static <K, V> Topic<K, V> shadow(Topic<K, V> output, String version) {
    return new Topic<>(shadowName(output.name(), version), output.keySerde(), output.valueSerde());
  }

  public static LeadscoreTopics with(AvroSerdes avro) {
    Serde<String> key = Serdes.String();
    return new LeadscoreTopics(
        new Topic<>(WEB_ACTIVITY, key, avro.valueSerde(WebActivity.class)),
        new Topic<>(EMAIL_ACTIVITY, key, avro.valueSerde(EmailActivity.class)),
        new Topic<>(WEBINAR_ACTIVITY, key, avro.valueSerde(WebinarActivity.class)),
        new Topic<>(PROFILES, key, avro.valueSerde(LeadProfile.class)),
        new Topic<>(LEAD_SCORES, key, avro.valueSerde(LeadScore.class)),
        new Topic<>(STAGE_CHANGES, key, avro.valueSerde(StageChange.class)),
        new Topic<>(MQL, key, avro.valueSerde(MqlEntry.class)),
        new Topic<>(DEAD_LETTERS, Serdes.ByteArray(), Serdes.ByteArray()),
        new Topic<>(SALES_REPS, key, avro.valueSerde(SalesRep.class)),
        new Topic<>(CRM_OUTCOMES, key, avro.valueSerde(CrmOutcome.class)),
        new Topic<>(MQL_ROUTING, key, avro.valueSerde(MqlRouting.class)),
        new Topic<>(LIFECYCLE, key, avro.valueSerde(LeadLifecycle.class)),
        new Topic<>(ACTIONS, key, avro.valueSerde(LeadAction.class)),
        new Topic<>(RULES, key, avro.valueSerde(RulesVersion.class)),
        new Topic<>(PROMOTIONS, key, avro.valueSerde(PromotedLead.class)),
        new Topic<>(IDENTITIES, key, avro.valueSerde(Identification.class)),
        new Topic<>(LEAD_MERGES, key, avro.valueSerde(LeadMerge.class)),
        new Topic<>(ACCOUNT_SCORES, key, avro.valueSerde(AccountScore.class)),
        new Topic<>(ACCOUNT_STAGE_CHANGES, key, avro.valueSerde(AccountStageChange.class)));
  }
}
