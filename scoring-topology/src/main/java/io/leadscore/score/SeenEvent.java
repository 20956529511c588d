package io.leadscore.score;

/** An event a lead's engagement already holds, remembered by the hash of its id to drop its duplicates. */
public record SeenEvent(long eventHash, long time) {
}
