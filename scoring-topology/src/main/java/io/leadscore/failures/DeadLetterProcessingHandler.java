package io.leadscore.failures;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record the topology fails on: dead-lettered when its content is to blame; retried when Kafka, a store or the
 * registry is (a failed send says nothing about the record that happened to be in hand), and dead-lettered only once
 * it has failed the thread again and again for no known reason.
 */
public class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

  private FailurePolicy policy;

  @Override
  public void configure(Map<String, ?> configs) {
    policy = new FailurePolicy(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    FailurePolicy.Verdict verdict = policy.judge(context, exception);
    return verdict.fail() ? Response.fail() : Response.resume(verdict.deadLetters());
  }
}
