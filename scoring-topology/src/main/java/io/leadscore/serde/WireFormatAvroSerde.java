package io.leadscore.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaParseException;
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
 * Avro binary. Schemas are registered under {@code <topic>-value} (or {@code -key}).
 *
 * <p>Each topic has one record type, named as Confluent's serde names it: {@code specific.avro.value.type} (or
 * {@code specific.avro.key.type}). A record is read by resolving the schema it was written with against that type's
 * schema (Avro schema resolution), so a newer or older version of the type reads, and a record of any other type is
 * refused as such; either serde can be named in the configuration. Without a type, the reader class comes from the
 * writer schema's full name.
 *
 * <p>Failures say whose fault they are. The record's own ({@link SerializationException}): bytes that are not the wire
 * format or not valid Avro, an id the registry does not know, a type that does not resolve, a length beyond Avro's
 * limits, an output larger than the producer may send. The registry's ({@link SchemaRegistryUnavailableException}):
 * retried, never the record's fault.
 */
public class WireFormatAvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  public static final String REGISTRY_URL_CONFIG = "schema.registry.url";
  public static final String KEY_TYPE_CONFIG = "specific.avro.key.type";
  public static final String VALUE_TYPE_CONFIG = "specific.avro.value.type";
  public static final String MOCK_SCHEME = "mock://";
  private static final byte MAGIC_BYTE = 0;
  private static final int HEADER_BYTES = 5;
  /** Room for the key, headers and batch overhead the producer adds to the value within {@code max.request.size}. */
  private static final int SEND_OVERHEAD_BYTES = 16 * 1024;
  private static final EncoderFactory ENCODERS = new EncoderFactory().configureBufferSize(512);
  /**
   * Buffers, encoder and decoder per stream thread, reused for every record: Kafka Streams shares one serde instance
   * among the tasks of all threads, and a new encoder per record allocated more than the record itself.
   */
  private static final ThreadLocal<Codec> CODECS = ThreadLocal.withInitial(Codec::new);
  /** A buffer that grew past this for one large record is not kept for the next. */
  private static final int KEPT_BUFFER_BYTES = 64 * 1024;

  private SchemaRegistry registry;
  private boolean isKey;
  private Schema readerSchema;
  private int maxSerializedBytes;
  private final Map<Subject, Integer> idBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, Reading<T>> readingById = new ConcurrentHashMap<>();
  private final Map<Schema, SpecificDatumWriter<T>> writerBySchema = new ConcurrentHashMap<>();

  public WireFormatAvroSerde() {
  }

  public WireFormatAvroSerde(SchemaRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    Object type = configs.get(isKey ? KEY_TYPE_CONFIG : VALUE_TYPE_CONFIG);
    readerSchema = type == null ? null : schemaOf(type);
    maxSerializedBytes = ProducerLimits.maxRequestSize(configs) - SEND_OVERHEAD_BYTES;
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

  private static Schema schemaOf(Object type) {
    Class<?> cls;
    try {
      cls = type instanceof Class<?> c ? c : Class.forName(type.toString().trim());
    } catch (ClassNotFoundException e) {
      throw new ConfigException("Avro record class " + type + " is not on the classpath");
    }
    if (!SpecificRecord.class.isAssignableFrom(cls)) {
      throw new ConfigException(cls.getName() + " is not a generated Avro record class");
    }
    return SpecificData.get().getSchema(cls);
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
    Codec codec = CODECS.get();
    Output out = codec.output();
    out.write(MAGIC_BYTE);
    out.writeInt(id);
    // Buffered: the direct encoder writes each varint byte to the stream on its own, which shows in profiles.
    codec.encoder = ENCODERS.binaryEncoder(out, codec.encoder);
    try {
      writerBySchema.computeIfAbsent(schema, SpecificDatumWriter::new).write(data, codec.encoder);
      codec.encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot write " + schema.getFullName() + " for topic " + topic + ": " + e, e);
    }
    if (out.size() > maxSerializedBytes) {
      throw new OutputTooLargeException(schema.getName() + " for " + topic + " would be " + out.size()
          + " bytes, more than the " + maxSerializedBytes + " the producer may send");
    }
    return out.toByteArray();
  }

  private static final class Codec {
    private Output output = new Output();
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    Output output() {
      if (output.capacity() > KEPT_BUFFER_BYTES) {
        output = new Output();
      }
      output.reset();
      return output;
    }
  }

  private static final class Output extends ByteArrayOutputStream {
    Output() {
      super(256);
    }

    int capacity() {
      return buf.length;
    }

    void writeInt(int value) {
      write(value >>> 24);
      write(value >>> 16);
      write(value >>> 8);
      write(value);
    }
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (bytes.length < HEADER_BYTES || buffer.get() != MAGIC_BYTE) {
      throw new SerializationException("record on " + topic + " is not in the schema registry wire format "
          + "(magic byte 0 and a 4-byte schema id)");
    }
    int id = buffer.getInt();
    Reading<T> reading = readingById.get(id);
    if (reading == null) {
      // Not computeIfAbsent: a registry that is down must not be cached as an answer.
      reading = readingFor(id);
      readingById.put(id, reading);
    }
    if (reading.refusal() != null) {
      throw new SerializationException("schema id " + id + " on " + topic + ": " + reading.refusal());
    }
    Codec codec = CODECS.get();
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES,
        codec.decoder);
    codec.decoder = decoder;
    try {
      T value = reading.reader().read(null, decoder);
      if (!decoder.isEnd()) {
        throw new SerializationException((bytes.length - HEADER_BYTES) + " bytes hold more than one "
            + reading.typeName());
      }
      return value;
    } catch (IOException | RuntimeException e) {
      // Avro's length limits (SystemLimitException) end up here too: a length field larger than they allow.
      throw new SerializationException("cannot read " + reading.typeName() + " with schema id " + id + " on " + topic
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * How records of one schema id are read, or why they cannot be: ids are immutable in a registry, so both answers are
   * kept. An unknown id throws instead, as it may be registered later.
   */
  private Reading<T> readingFor(int id) {
    Schema writer;
    try {
      writer = registry().schemaById(id);
    } catch (SchemaParseException e) {
      return Reading.refused("the registry holds a schema Avro cannot parse: " + e.getMessage());
    }
    Schema reader = readerSchema;
    if (reader == null) {
      Class<?> type = SpecificData.get().getClass(writer);
      if (type == null) {
        return Reading.refused("no generated class for " + writer.getFullName());
      }
      reader = SpecificData.get().getSchema(type);
    }
    SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      return Reading.refused("a " + writer.getFullName() + " cannot be read as " + reader.getFullName() + " ("
          + compatibility.getResult().getIncompatibilities().stream()
              .map(i -> i.getType() + " at " + i.getLocation()).limit(3).toList() + ")");
    }
    return new Reading<>(new SpecificDatumReader<>(writer, reader), reader.getName(), null);
  }

  private record Reading<T>(SpecificDatumReader<T> reader, String typeName, String refusal) {
    static <T> Reading<T> refused(String why) {
      return new Reading<>(null, null, why);
    }
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
