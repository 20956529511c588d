package io.leadscore.serde;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A small record this app keeps or passes between its tasks, in the compact binary form of {@link BinaryWriter} after
 * a version byte: a fraction of the bytes and the time of Smile for records written with nearly every event.
 */
public abstract class BinarySerde<T> implements Serde<T> {

  private final String what;
  private final byte version;

  protected BinarySerde(String what, byte version) {
    this.what = what;
    this.version = version;
  }

  protected abstract void write(BinaryWriter out, T value);

  protected abstract T read(BinaryReader in);

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      BinaryWriter out = new BinaryWriter(64);
      out.write(version);
      write(out, value);
      return out.toByteArray();
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length == 0 || bytes[0] != version) {
        throw new SerializationException("cannot read " + what + ": not version " + version + " of its form");
      }
      try {
        BinaryReader in = new BinaryReader(bytes, 1);
        T value = read(in);
        in.end(what);
        return value;
      } catch (RuntimeException e) {
        throw new SerializationException("cannot read " + what + " (" + bytes.length + " bytes)", e);
      }
    };
  }
}
