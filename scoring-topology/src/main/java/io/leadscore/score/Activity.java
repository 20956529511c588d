package io.leadscore.score;

import io.leadscore.rules.Attributes;

/**
 * Something a lead did, from any channel, or an anonymous visitor did on the website ({@code leadId} null,
 * {@code visitorId} set). {@code type} is null when the producer sent a type this version does not know. Rules match
 * {@link #kind()}, such as {@code web.page_view}.
 */
public record Activity(
    String eventId, String leadId, String visitorId, String channel, String type, long eventTime,
    Attributes attributes) {

  /** A lead's activity, with no visitor id. */
  public Activity(String eventId, String leadId, String channel, String type, long eventTime, Attributes attributes) {
    this(eventId, leadId, null, channel, type, eventTime, attributes);
  }

  public String kind() {
    return channel + "." + type;
  }

  public boolean anonymous() {
    return leadId == null;
  }

  /** The activity as the lead's, once its visitor is identified. */
  public Activity of(String lead) {
    return new Activity(eventId, lead, visitorId, channel, type, eventTime, attributes);
  }
}
