package io.leadscore.score;

import io.leadscore.rules.Attributes;

/**
 * Something a lead did, from any channel. {@code type} is null when the producer sent a type this version does not
 * know. Rules match {@link #kind()}, such as {@code web.page_view}.
 */
public record Activity(
    String eventId, String leadId, String channel, String type, long eventTime, Attributes attributes) {

  public String kind() {
    return channel + "." + type;
  }
}
