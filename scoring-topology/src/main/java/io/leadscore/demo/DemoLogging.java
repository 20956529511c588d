package io.leadscore.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * While the demo runs, every log line goes to a file, and only errors also to the console: the console is for the
 * demo's own lines (stage changes, MQLs, where they went), which the broker's, Jetty's and the app's routine logging
 * would otherwise bury. Closing puts the logging back as it was.
 */
public final class DemoLogging implements AutoCloseable {

  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

  private final Logger root;
  private final List<Appender<ILoggingEvent>> previous;
  private final List<Appender<ILoggingEvent>> added = new ArrayList<>();

  private DemoLogging(Logger root, List<Appender<ILoggingEvent>> previous) {
    this.root = root;
    this.previous = previous;
  }

  /** Sends the logs to {@code file}; returns null when SLF4J is not bound to Logback and nothing changes. */
  public static DemoLogging toFile(Path file) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return null;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    List<Appender<ILoggingEvent>> previous = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      previous.add(it.next());
    }
    DemoLogging logging = new DemoLogging(root, previous);
    previous.forEach(root::detachAppender);

    FileAppender<ILoggingEvent> toFile = new FileAppender<>();
    toFile.setContext(context);
    toFile.setFile(file.toString());
    toFile.setEncoder(encoder(context));
    toFile.start();
    logging.attach(toFile);

    ConsoleAppender<ILoggingEvent> errors = new ConsoleAppender<>();
    errors.setContext(context);
    errors.setEncoder(encoder(context));
    ThresholdFilter onlyErrors = new ThresholdFilter();
    onlyErrors.setLevel(Level.ERROR.toString());
    onlyErrors.start();
    errors.addFilter(onlyErrors);
    errors.start();
    logging.attach(errors);
    return logging;
  }

  private static PatternLayoutEncoder encoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    return encoder;
  }

  private void attach(Appender<ILoggingEvent> appender) {
    added.add(appender);
    root.addAppender(appender);
  }

  @Override
  public void close() {
    for (Appender<ILoggingEvent> appender : added) {
      root.detachAppender(appender);
      appender.stop();
    }
    previous.forEach(root::addAppender);
  }
}
