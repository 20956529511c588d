package io.leadscore.serde;

import io.leadscore.avro.WebActivity;
import org.apache.avro.specific.SpecificRecord;

/**
 * The app's serde, plugged in by class name as any serde is ({@code leadscore.avro.serde}), failing on marked web
 * events: an event id starting {@code bug-} fails as an unexpected bug would, one starting {@code outage-} as a registry
 * that stays down. Failures the real parts cannot be made to produce on demand.
 */
public class FaultInjectingSerde<T extends SpecificRecord> extends WireFormatAvroSerde<T> {

  @Override
  public T deserialize(String topic, byte[] bytes) {
    T value = super.deserialize(topic, bytes);
    if (value instanceof WebActivity web && web.getEventId().startsWith("bug-")) {
      throw new IllegalStateException("an unexpected bug on " + web.getEventId());
    }
    if (value instanceof WebActivity web && web.getEventId().startsWith("outage-")) {
      throw new SchemaRegistryUnavailableException("the registry stays down for " + web.getEventId());
    }
    return value;
  }
}
