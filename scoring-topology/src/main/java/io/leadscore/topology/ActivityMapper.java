package io.leadscore.topology;

import io.leadscore.avro.EmailActivity;
import io.leadscore.avro.EmailActivityType;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import io.leadscore.avro.WebinarActivity;
import io.leadscore.avro.WebinarActivityType;
import io.leadscore.rules.Attributes;
import io.leadscore.score.Activity;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;

/**
 * Turns each channel's Avro event into an {@link Activity} whose attributes the rules match. Attribute names are the
 * Avro field names, plus {@code path} (the URL's path) and {@code answer.<question>} for form answers. Missing values
 * stay missing; {@link ActivityValidator} decides what is acceptable. Text longer than the input policy allows is
 * rejected before anything reads it.
 */
final class ActivityMapper {

  private final InputBounds bounds;

  ActivityMapper(InputBounds bounds) {
    this.bounds = bounds;
  }

  Activity web(WebActivity event) {
    if (event == null) {
      return null;
    }
    bounds.checkText(event);
    Attributes.Builder attributes = Attributes.builder()
        .put("url", event.getUrl())
        .put("path", pathOf(event.getUrl()))
        .put("title", event.getTitle())
        .put("contentId", event.getContentId())
        .put("formId", event.getFormId())
        .put("durationSeconds", event.getDurationSeconds());
    event.getFormAnswers().forEach((question, answer) -> attributes.put("answer." + question, answer));
    return activity(event.getEventId(), event.getLeadId(), event.getVisitorId(), "web",
        event.getType() == WebActivityType.UNKNOWN ? null : event.getType().name(), event.getEventTime(),
        attributes.build());
  }

  Activity email(EmailActivity event) {
    if (event == null) {
      return null;
    }
    bounds.checkText(event);
    Attributes attributes = Attributes.builder()
        .put("campaign", event.getCampaign())
        .put("subject", event.getSubject())
        .put("linkUrl", event.getLinkUrl())
        .build();
    return activity(event.getEventId(), event.getLeadId(), null, "email",
        event.getType() == EmailActivityType.UNKNOWN ? null : event.getType().name(), event.getEventTime(),
        attributes);
  }

  Activity webinar(WebinarActivity event) {
    if (event == null) {
      return null;
    }
    bounds.checkText(event);
    Attributes attributes = Attributes.builder()
        .put("webinarId", event.getWebinarId())
        .put("webinarTitle", event.getWebinarTitle())
        .put("minutesAttended", event.getMinutesAttended())
        .build();
    return activity(event.getEventId(), event.getLeadId(), null, "webinar",
        event.getType() == WebinarActivityType.UNKNOWN ? null : event.getType().name(), event.getEventTime(),
        attributes);
  }

  private static Activity activity(String eventId, String leadId, String visitorId, String channel, String type,
      Instant time, Attributes attributes) {
    return new Activity(eventId, leadId, visitorId, channel, type == null ? null : type.toLowerCase(Locale.ROOT),
        time == null ? Long.MIN_VALUE : time.toEpochMilli(), attributes);
  }

  private static String pathOf(String url) {
    if (url == null) {
      return null;
    }
    try {
      String path = URI.create(url.trim()).getPath();
      return path == null || path.isEmpty() ? "/" : path;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
