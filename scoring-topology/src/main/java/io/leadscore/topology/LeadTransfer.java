package io.leadscore.topology;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.leadscore.score.Activity;
import java.util.List;

/**
 * What one lead's task sends to another's, keyed by the receiving lead, through the repartition topic
 * {@code leadscore-lead-transfers}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = LeadTransfer.Credit.class, name = "credit"),
    @JsonSubTypes.Type(value = LeadTransfer.Handover.class, name = "handover")})
sealed interface LeadTransfer {

  /**
   * Activity for the lead, in event order, from {@code from}: a visitor identified as the lead, crediting all it did
   * anonymously within the lookback ({@code beforeIdentification}) or one new event; or a lead merged into it, whose
   * later activity comes to it.
   */
  record Credit(String from, boolean beforeIdentification, List<Activity> activities) implements LeadTransfer {

    public Credit {
      activities = List.copyOf(activities);
    }
  }

  /**
   * The state of a lead merged into this one ({@code state}, as the lead state store holds it; null when the merged
   * lead was never scored) and its stage history, for the survivor to join to its own.
   */
  record Handover(String mergedId, byte[] state, StageHistory history) implements LeadTransfer {
  }
}
