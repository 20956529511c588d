package io.leadscore.serde;

import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;

/**
 * Makes the value serdes of the Avro topics from a serde class named in configuration, so that Confluent's
 * {@code io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde} can stand in for {@link WireFormatAvroSerde}. Each
 * serde is told the one record type its topic holds, so a record of another type is refused when it is read.
 */
public final class AvroSerdes {

  private final String serdeClass;
  private final Map<String, ?> config;

  public AvroSerdes(String serdeClass, Map<String, ?> config) {
    this.serdeClass = serdeClass;
    this.config = Map.copyOf(config);
  }

  /** Wire-format serdes over the in-memory registry of {@code scope}. */
  public static AvroSerdes inMemory(String scope) {
    return new AvroSerdes(WireFormatAvroSerde.class.getName(),
        Map.of(WireFormatAvroSerde.REGISTRY_URL_CONFIG, WireFormatAvroSerde.MOCK_SCHEME + scope));
  }

  @SuppressWarnings("unchecked")
  public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
    Serde<T> serde;
    try {
      serde = (Serde<T>) Class.forName(serdeClass).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new ConfigException("Avro serde class " + serdeClass + " is not on the classpath");
    } catch (ReflectiveOperationException | ClassCastException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new ConfigException("cannot create Avro serde " + serdeClass + " for " + type.getSimpleName() + ": "
          + cause);
    }
    Map<String, Object> typed = new HashMap<>(config);
    // Confluent's names: the record type this topic holds, read through a SpecificRecord reader.
    typed.put(WireFormatAvroSerde.VALUE_TYPE_CONFIG, type.getName());
    typed.put("specific.avro.reader", "true");
    serde.configure(typed, false);
    return serde;
  }
}
