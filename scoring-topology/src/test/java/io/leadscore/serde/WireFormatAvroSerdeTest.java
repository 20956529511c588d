package io.leadscore.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadscore.avro.EmailActivity;
import io.leadscore.avro.EmailActivityType;
import io.leadscore.avro.LeadProfile;
import io.leadscore.avro.WebActivity;
import io.leadscore.avro.WebActivityType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the serde reads and refuses, against a registry in memory; RestSchemaRegistryTest covers a real one. */
class WireFormatAvroSerdeTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private final String scope = "serde-" + UUID.randomUUID();
  private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);

  @AfterEach
  void dropRegistry() {
    InMemorySchemaRegistry.dropScope(scope);
  }

  private <T extends org.apache.avro.specific.SpecificRecord> WireFormatAvroSerde<T> serde(Class<T> type,
      Map<String, Object> more) {
    AvroSerdes serdes = new AvroSerdes(WireFormatAvroSerde.class.getName(),
        merged(Map.of(WireFormatAvroSerde.REGISTRY_URL_CONFIG, WireFormatAvroSerde.MOCK_SCHEME + scope), more));
    return (WireFormatAvroSerde<T>) serdes.valueSerde(type);
  }

  private static Map<String, Object> merged(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> all = new java.util.HashMap<>(a);
    all.putAll(b);
    return all;
  }

  private static EmailActivity email() {
    return EmailActivity.newBuilder().setEventId("e-1").setLeadId("lead-1").setType(EmailActivityType.CLICKED)
        .setCampaign("spring").setEventTime(NOW).build();
  }

  private byte[] wire(Schema schema, GenericRecord record) throws Exception {
    int id = registry.register("any-value", schema);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  @Test
  void recordOfAnotherRegisteredTypeIsRefusedAsSuch() {
    byte[] profile = serde(LeadProfile.class, Map.of()).serialize("leadscore.activity.email",
        LeadProfile.newBuilder().setLeadId("lead-1").setUpdatedAt(NOW).build());
    assertThatThrownBy(() -> serde(EmailActivity.class, Map.of()).deserialize("leadscore.activity.email", profile))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("a io.leadscore.avro.LeadProfile cannot be read as io.leadscore.avro.EmailActivity");
  }

  @Test
  void newerVersionOfTheTypeWithAnExtraFieldIsReadThroughSchemaResolution() throws Exception {
    Schema current = EmailActivity.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(new Schema.Field("device", Schema.create(Schema.Type.STRING), "added later", "unknown"));
    Schema newer = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    GenericRecord record = new GenericData.Record(newer);
    EmailActivity expected = email();
    current.getFields().forEach(f -> record.put(f.name(), GenericData.get().deepCopy(f.schema(),
        expected.get(f.pos()) instanceof Instant at ? at.toEpochMilli() : expected.get(f.pos()))));
    record.put("type", new GenericData.EnumSymbol(newer.getField("type").schema(), "CLICKED"));
    record.put("device", "phone");

    assertThat(serde(EmailActivity.class, Map.of()).deserialize("t", wire(newer, record))).isEqualTo(expected);
  }

  @Test
  void aLengthBeyondAvrosLimitIsRefusedWithoutAllocatingIt() {
    int id = registry.register("t-value", EmailActivity.getClassSchema());
    // The event id declares 2,000,000,000 bytes: zig-zag 4,000,000,000 as a varint.
    byte[] bomb = ByteBuffer.allocate(10).put((byte) 0).putInt(id)
        .put(new byte[] {(byte) 0x80, (byte) 0xD0, (byte) 0xAC, (byte) 0xF3, 0x0E}).array();
    assertThatThrownBy(() -> serde(EmailActivity.class, Map.of()).deserialize("t", bomb))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("String length 2000000000 exceeds maximum allowed");
  }

  @Test
  void bytesLeftOverAfterTheRecordAreRefused() {
    byte[] valid = serde(EmailActivity.class, Map.of()).serialize("t", email());
    byte[] padded = ByteBuffer.allocate(valid.length + 3).put(valid).put(new byte[] {1, 2, 3}).array();
    assertThatThrownBy(() -> serde(EmailActivity.class, Map.of()).deserialize("t", padded))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("hold more than one EmailActivity");
  }

  @Test
  void anOutputLargerThanTheProducerMaySendIsRefusedWhileSerializing() {
    WireFormatAvroSerde<WebActivity> serde = serde(WebActivity.class, Map.of("max.request.size", "20000"));
    WebActivity small = WebActivity.newBuilder().setEventId("e").setLeadId("l").setType(WebActivityType.PAGE_VIEW)
        .setEventTime(NOW).setUrl("https://example.com/").build();
    assertThat(serde.serialize("t", small)).isNotNull();
    WebActivity large = WebActivity.newBuilder(small).setUrl("https://example.com/" + "x".repeat(5_000)).build();
    assertThatThrownBy(() -> serde.serialize("t", large))
        .isInstanceOf(OutputTooLargeException.class)
        .hasMessageContaining("more than the 3616 the producer may send");
  }

  @Test
  void bytesThatAreNotTheWireFormatAreRefused() {
    assertThatThrownBy(() -> serde(EmailActivity.class, Map.of()).deserialize("t", new byte[] {1, 0, 0, 0, 1, 2}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not in the schema registry wire format");
  }
}
