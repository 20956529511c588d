package io.leadscore.serde;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what {@link BinaryWriter} wrote. Counts and lengths are checked against the bytes left, so that a corrupt
 * record fails at once instead of allocating what it claims.
 */
public class BinaryReader {

  private final byte[] bytes;
  private int position;

  public BinaryReader(byte[] bytes, int position) {
    this.bytes = bytes;
    this.position = position;
  }

  public byte read() {
    return bytes[position++];
  }

  /** A count of items to come; each takes at least one byte, so a count beyond the bytes left is corrupt. */
  public int count() {
    int count = varint();
    if (count < 0 || count > bytes.length - position) {
      throw new IllegalArgumentException("a count of " + count + " with " + (bytes.length - position)
          + " bytes left");
    }
    return count;
  }

  public int varint() {
    return Math.toIntExact(varlong());
  }

  public long varlong() {
    long zigzag = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = bytes[position++];
      zigzag |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return (zigzag >>> 1) ^ -(zigzag & 1);
      }
    }
    throw new IllegalArgumentException("a varint longer than 10 bytes");
  }

  public int fixedInt() {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (bytes[position++] & 0xff);
    }
    return value;
  }

  public long fixedLong() {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[position++] & 0xff);
    }
    return value;
  }

  public String string() {
    int length = count();
    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  public double number() {
    long tagged = varlong();
    return tagged == 1 ? Double.longBitsToDouble(fixedLong()) : (double) (tagged >> 1);
  }

  public BitSet bits() {
    long[] words = new long[count()];
    for (int i = 0; i < words.length; i++) {
      words[i] = varlong();
    }
    return BitSet.valueOf(words);
  }

  public Map<String, String> stringMap() {
    int count = count();
    Map<String, String> map = new LinkedHashMap<>(count * 2);
    for (int i = 0; i < count; i++) {
      map.put(string(), string());
    }
    return map;
  }

  /** Fails when bytes are left after what was read: the record is not of the form it claims. */
  public void end(String what) {
    if (position != bytes.length) {
      throw new IllegalArgumentException((bytes.length - position) + " bytes left after " + what);
    }
  }
}
