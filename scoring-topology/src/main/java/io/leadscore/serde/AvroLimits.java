package io.leadscore.serde;

import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Avro's limits on what one length field may make it allocate. Without them, a six-byte record that declares a 2 GB
 * string makes the reader allocate 2 GB. A record beyond them fails to read, and is dead-lettered like any other
 * unreadable record.
 *
 * <p>Avro reads these limits from system properties once, when a decoder first checks one, so {@link #install()} runs
 * before the app reads any record; properties already set on the command line ({@code -Dorg.apache.avro.limits...})
 * win.
 */
public record AvroLimits(int maxStringBytes, int maxBytes, int maxCollectionItems) {

  private static final Logger log = LoggerFactory.getLogger(AvroLimits.class);

  /** Kafka's default largest message (1 MiB) bounds any honest string; maps and arrays hold a few dozen items. */
  public static final AvroLimits DEFAULT = new AvroLimits(1024 * 1024, 1024 * 1024, 10_000);

  public AvroLimits {
    if (maxStringBytes < 1 || maxBytes < 1 || maxCollectionItems < 1) {
      throw new IllegalArgumentException("Avro limits must be positive");
    }
  }

  /** Sets the limits for this JVM, and warns when Avro already runs with others. */
  public void install() {
    System.getProperties().putIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY,
        Integer.toString(maxStringBytes));
    System.getProperties().putIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, Integer.toString(maxBytes));
    System.getProperties().putIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY,
        Integer.toString(maxCollectionItems));
    if (!inForce()) {
      log.warn("Avro's length limits are not the ones configured ({}): Avro read them before leadscore set them, or "
          + "the JVM was started with other org.apache.avro.limits.* properties", this);
    }
  }

  /** Whether Avro refuses lengths beyond these limits. */
  public boolean inForce() {
    return refuses(() -> SystemLimitException.checkMaxStringLength(maxStringBytes + 1L))
        && refuses(() -> SystemLimitException.checkMaxBytesLength(maxBytes + 1L))
        && refuses(() -> SystemLimitException.checkMaxCollectionLength(0, maxCollectionItems + 1L));
  }

  private static boolean refuses(Runnable check) {
    try {
      check.run();
      return false;
    } catch (SystemLimitException e) {
      return true;
    }
  }
}
