package io.leadscore.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;

/** Records written as a producer with another version of a schema would write them. */
public final class SchemaVersions {

  private static final GenericData MODEL = new GenericData();

  static {
    MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
  }

  private SchemaVersions() {
  }

  /** The schema of {@code type} with one more string field, as a later version adds one with a default. */
  public static Schema withExtraField(Schema schema, String name, String defaultValue) {
    List<Schema.Field> fields = new ArrayList<>();
    schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(new Schema.Field(name, Schema.create(Schema.Type.STRING), "added in a later version", defaultValue));
    return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  /** {@code value}'s fields, and {@code extra} for the field {@code writer} adds, in the wire format with {@code id}. */
  public static byte[] wire(int id, Schema writer, SpecificRecord value, String extra) {
    GenericRecord record = new GenericData.Record(writer);
    for (Schema.Field field : value.getSchema().getFields()) {
      record.put(field.name(), value.get(field.pos()));
    }
    writer.getFields().stream().filter(f -> value.getSchema().getField(f.name()) == null)
        .forEach(f -> record.put(f.name(), extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    try {
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(writer, MODEL).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
