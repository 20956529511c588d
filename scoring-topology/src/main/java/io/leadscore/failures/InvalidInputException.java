package io.leadscore.failures;

/**
 * Input that cannot be scored. Thrown inside the topology so that Kafka Streams' processing exception handler sends the
 * original record to the dead-letter topic with this message, and processing goes on.
 */
public class InvalidInputException extends RuntimeException {

  public InvalidInputException(String message) {
    super(message, null, false, false);
  }

  /** A value quoted in a reason, cut short: hostile input can be megabytes long. */
  public static String quote(String value) {
    return "'" + (value.length() <= 64 ? value : value.substring(0, 64) + "...") + "'";
  }
}
