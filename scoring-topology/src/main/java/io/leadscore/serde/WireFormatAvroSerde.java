package io.leadscore.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro SpecificRecords in the Confluent wire format: magic byte 0, the schema's 4-byte big-endian registry id, then
 * Avro binary. Schemas are registered under {@code <topic>-value} (or {@code -key}). The reader class comes from the
 * writer schema's full name, so one configured instance reads any generated record, as Confluent's
 * {@code SpecificAvroSerde} does; either can be named in the configuration.
 */
public class WireFormatAvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  public static final String REGISTRY_URL_CONFIG = "schema.registry.url";
  public static final String MOCK_SCHEME = "mock://";
  private static final byte MAGIC_BYTE = 0;

  private SchemaRegistry registry;
  private boolean isKey;
  private final Map<Subject, Integer> idBySubject = new ConcurrentHashMap<>();
  private static final EncoderFactory ENCODERS = new EncoderFactory().configureBufferSize(512);

  private final Map<Integer, SpecificDatumReader<T>> readerById = new ConcurrentHashMap<>();
  private final Map<Schema, SpecificDatumWriter<T>> writerBySchema = new ConcurrentHashMap<>();

  public WireFormatAvroSerde() {
  }

  public WireFormatAvroSerde(SchemaRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    if (registry != null) {
      return;
    }
    Object url = configs.get(REGISTRY_URL_CONFIG);
    if (url == null || url.toString().isBlank()) {
      throw new ConfigException(REGISTRY_URL_CONFIG + " is required: the schema registry's URL, for example "
          + "http://localhost:8081, or mock://<scope> for one in memory");
    }
    registry = registryFor(url.toString().trim(), configs);
  }

  private static SchemaRegistry registryFor(String url, Map<String, ?> configs) {
    if (url.startsWith(MOCK_SCHEME)) {
      return InMemorySchemaRegistry.scope(url.substring(MOCK_SCHEME.length()));
    }
    if (url.startsWith("http://") || url.startsWith("https://")) {
      return new RestSchemaRegistry(url, configs);
    }
    throw new ConfigException(REGISTRY_URL_CONFIG, url, "use http(s)://host:port[/path] or mock://<scope>");
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    Schema schema = data.getSchema();
    int id = idBySubject.computeIfAbsent(new Subject(topic + (isKey ? "-key" : "-value"), schema),
        s -> registry().register(s.name(), s.schema()));
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.write(MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    // Buffered: the direct encoder writes each varint byte to the stream on its own, which shows in profiles.
    BinaryEncoder encoder = ENCODERS.binaryEncoder(out, null);
    try {
      writerBySchema.computeIfAbsent(schema, SpecificDatumWriter::new).write(data, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot write " + schema.getFullName() + " for topic " + topic, e);
    }
    return out.toByteArray();
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (bytes.length < 5 || buffer.get() != MAGIC_BYTE) {
      throw new SerializationException("record on " + topic + " is not in the schema registry wire format "
          + "(magic byte 0 and a 4-byte schema id)");
    }
    int id = buffer.getInt();
    SpecificDatumReader<T> reader = readerById.computeIfAbsent(id, this::readerFor);
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
    try {
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot read Avro record with schema id " + id + " on " + topic, e);
    }
  }

  private SpecificDatumReader<T> readerFor(int id) {
    Schema writer = registry().schemaById(id);
    Class<?> type = SpecificData.get().getClass(writer);
    if (type == null) {
      throw new SerializationException("no generated class for " + writer.getFullName() + " (schema id " + id + ")");
    }
    return new SpecificDatumReader<>(writer, SpecificData.get().getSchema(type));
  }

  private record Subject(String name, Schema schema) {
  }

  private SchemaRegistry registry() {
    if (registry == null) {
      throw new IllegalStateException("configure() the serde before use");
    }
    return registry;
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void close() {
  }
}
