package io.leadscore.failures;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * An output that cannot be written. One that cannot be serialized (too large for the producer, say) dead-letters the
 * input that made it; a send the broker refused says nothing about that input: retriable errors are retried, others
 * fail the thread.
 */
public class DeadLetterProductionHandler implements ProductionExceptionHandler {

  private FailurePolicy policy;

  @Override
  public void configure(Map<String, ?> configs) {
    policy = new FailurePolicy(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    return exception instanceof RetriableException ? Response.retry() : Response.fail();
  }

  @SuppressWarnings("rawtypes")
  @Override
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
      SerializationExceptionOrigin origin) {
    FailurePolicy.Verdict verdict = policy.judge(context, exception);
    return verdict.fail() ? Response.fail() : Response.resume(verdict.deadLetters());
  }
}
