package io.leadscore.score;

/**
 * Event ids as 64-bit hashes: a lead's state remembers the events it scored by hash, to order them and to drop their
 * duplicates. Two distinct ids of one lead collide with a chance of about one in 2^64 per pair. FNV-1a over the
 * UTF-16 code units: stable across JVMs and versions, as stored state requires, with no encoding step per event.
 */
public final class EventIds {

  private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private EventIds() {
  }

  public static long hash(String eventId) {
    long hash = OFFSET_BASIS;
    for (int i = 0; i < eventId.length(); i++) {
      char c = eventId.charAt(i);
      hash = (hash ^ (c & 0xff)) * PRIME;
      hash = (hash ^ (c >>> 8)) * PRIME;
    }
    return hash;
  }
}
