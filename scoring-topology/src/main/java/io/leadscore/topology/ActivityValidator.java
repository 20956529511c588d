package io.leadscore.topology;

import io.leadscore.failures.InvalidInputException;
import io.leadscore.rules.InputPolicy;
import io.leadscore.score.Activity;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Rejects activity that cannot be scored; the exception handler sends it to the dead-letter topic with the reason. */
final class ActivityValidator implements FixedKeyProcessor<String, Activity, Activity> {

  private final long maxFutureSkewMs;
  private final InputBounds bounds;
  private FixedKeyProcessorContext<String, Activity> context;

  ActivityValidator(InputPolicy input) {
    this.maxFutureSkewMs = input.maxFutureSkew().toMillis();
    this.bounds = new InputBounds(input);
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Activity> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, Activity> record) {
    String problem = problemWith(record.key(), record.value(), context.currentSystemTimeMs());
    if (problem != null) {
      throw new InvalidInputException(problem);
    }
    context.forward(record);
  }

  private String problemWith(String key, Activity activity, long now) {
    if (activity == null) {
      return "activity record has no value";
    }
    if (activity.anonymous() && activity.visitorId() != null) {
      bounds.checkId("visitor id", key, "the record key");
      bounds.checkId("visitor id", activity.visitorId(), "visitorId");
      if (!activity.visitorId().equals(key)) {
        return "anonymous activity's visitorId " + InvalidInputException.quote(activity.visitorId())
            + " does not match the record key " + InvalidInputException.quote(key);
      }
    } else {
      bounds.checkId("lead id", key, "the record key");
      bounds.checkId("lead id", activity.leadId(), "leadId");
      if (!activity.leadId().equals(key)) {
        return "leadId " + InvalidInputException.quote(activity.leadId()) + " does not match the record key "
            + InvalidInputException.quote(key);
      }
      if (activity.visitorId() != null) {
        bounds.checkId("visitor id", activity.visitorId(), "visitorId");
      }
    }
    bounds.checkId("event id", activity.eventId(), "eventId");
    if (activity.type() == null) {
      return "unknown " + activity.channel() + " activity type";
    }
    if (activity.eventTime() < 0) {
      return "missing or negative eventTime";
    }
    if (activity.eventTime() > now + maxFutureSkewMs) {
      return "eventTime " + Instant.ofEpochMilli(activity.eventTime()) + " is "
          + Duration.ofMillis(activity.eventTime() - now) + " ahead of the clock (at most "
          + Duration.ofMillis(maxFutureSkewMs) + " allowed)";
    }
    return null;
  }
}
