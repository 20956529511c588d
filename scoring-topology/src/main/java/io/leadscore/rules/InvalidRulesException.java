package io.leadscore.rules;

/** A rules file that cannot be used; the message names the file, the line and the rule. */
public class InvalidRulesException extends RuntimeException {

  public InvalidRulesException(String message, Throwable cause) {
    super(message, cause);
  }
}
