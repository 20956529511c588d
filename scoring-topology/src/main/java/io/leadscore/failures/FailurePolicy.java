package io.leadscore.failures;

import io.leadscore.serde.ProducerLimits;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What leadscore's exception handlers do with a failed record: dead-letter it when it is to blame, or fail the thread
 * so that the record is read again after a backoff, noting the failure so that no record is retried forever.
 */
final class FailurePolicy {

  private static final Logger log = LoggerFactory.getLogger(FailurePolicy.class);
  /** Room the producer needs around a record within {@code max.request.size}: batch and record overhead. */
  private static final int SEND_OVERHEAD_BYTES = 1024;

  /** The outcome for one failed record: dead letters to send before going on, or failing the thread. */
  record Verdict(List<ProducerRecord<byte[], byte[]>> deadLetters, boolean fail) {
    static final Verdict FAIL = new Verdict(List.of(), true);
    static final Verdict SKIP = new Verdict(List.of(), false);
  }

  private final DeadLetters deadLetters;
  private final RecordFailures failures;

  FailurePolicy(Map<String, ?> configs) {
    Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    if (topic == null) {
      throw new IllegalStateException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
          + " is not set: leadscore never drops bad input without sending it there");
    }
    this.deadLetters = new DeadLetters(topic.toString(),
        ProducerLimits.maxRequestSize(configs) - SEND_OVERHEAD_BYTES);
    Object shared = configs.get(RecordFailures.CONFIG);
    // The app passes its own; a topology run without one (a test driver) gets one of its own.
    this.failures = shared instanceof RecordFailures given ? given : new RecordFailures(3, Clock.systemUTC());
  }

  Verdict judge(ErrorHandlerContext context, Throwable failure) {
    Blame blame = Blame.of(failure);
    if (context.topic() == null) {
      // A punctuation failed: there is no record to dead-letter or to retry.
      if (blame == Blame.RECORD || blame == Blame.UNKNOWN) {
        log.error("{} failed in {}; the punctuation goes on at its next run", context.processorNodeId(),
            context.taskId(), failure);
        return Verdict.SKIP;
      }
      return Verdict.FAIL;
    }
    String where = RecordFailures.where(context.topic(), context.partition(), context.offset());
    if (blame == Blame.RECORD) {
      String reason = String.valueOf(failure.getMessage());
      log.warn("Dead-lettering the record of {}: {}", where, DeadLetters.abbreviate(reason, 300));
      return deadLetter(context, reason, failure);
    }
    int before = failures.failuresOf(context.topic(), context.partition(), context.offset());
    if (blame == Blame.UNKNOWN && before >= failures.maxFailures()) {
      String reason = "failed " + before + " times: " + failure;
      log.error("Dead-lettering the record of {}, which {}", where, reason, failure);
      return deadLetter(context, reason, failure);
    }
    RecordFailures.Failure noted = failures.failing(context.topic(), context.partition(), context.offset(), blame,
        failure);
    log.warn("The record of {} failed ({}, {} of {} times): {}; the thread is replaced and reads it again",
        where, blame, noted.times(), failures.maxFailures(), failure.toString());
    return Verdict.FAIL;
  }

  private Verdict deadLetter(ErrorHandlerContext context, String reason, Throwable failure) {
    return new Verdict(List.of(deadLetters.of(context, reason, failure)), false);
  }
}
