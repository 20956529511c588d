package io.leadscore.serde;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;

/**
 * Writes the compact binary forms of what this app keeps and passes between its own tasks: zig-zag varints, whole
 * numbers in a byte or two, length-prefixed UTF-8. {@link BinaryReader} reads them back.
 */
public class BinaryWriter {

  private byte[] bytes;
  private int size;

  public BinaryWriter(int capacity) {
    bytes = new byte[capacity];
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  public void write(byte value) {
    ensure(1);
    bytes[size++] = value;
  }

  public void varint(int value) {
    varlong(value);
  }

  /** Zig-zag, so that small negative deltas stay short too. */
  public void varlong(long value) {
    long zigzag = (value << 1) ^ (value >> 63);
    ensure(10);
    while ((zigzag & ~0x7fL) != 0) {
      bytes[size++] = (byte) ((zigzag & 0x7f) | 0x80);
      zigzag >>>= 7;
    }
    bytes[size++] = (byte) zigzag;
  }

  public void fixedInt(int value) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (value >>> shift);
    }
  }

  public void fixedLong(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (value >>> shift);
    }
  }

  public void string(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    varint(utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, bytes, size, utf8.length);
    size += utf8.length;
  }

  /** Whole numbers below 2^40 as a varint (low bit 0); anything else as the double's bits after a 1. */
  public void number(double value) {
    long whole = (long) value;
    if (whole == value && Math.abs(whole) < (1L << 40) && Double.doubleToRawLongBits(value) != Long.MIN_VALUE) {
      varlong(whole << 1);
    } else {
      varlong(1);
      fixedLong(Double.doubleToRawLongBits(value));
    }
  }

  public void bits(BitSet bits) {
    long[] words = bits.toLongArray();
    varint(words.length);
    for (long word : words) {
      varlong(word);
    }
  }

  public void stringMap(Map<String, String> map) {
    varint(map.size());
    map.forEach((key, value) -> {
      string(key);
      string(value);
    });
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}
