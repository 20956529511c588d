package io.leadscore.topology;

/**
 * Input that cannot be scored. Thrown inside the topology so that Kafka Streams' processing exception handler sends the
 * original record to the dead-letter topic with this message, and processing goes on.
 */
public class InvalidInputException extends RuntimeException {

  public InvalidInputException(String message) {
    super(message, null, false, false);
  }
}
