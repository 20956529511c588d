package io.leadscore.failures;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/** A record that cannot be read: dead-lettered when its bytes are to blame, retried when the registry is. */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

  private FailurePolicy policy;

  @Override
  public void configure(Map<String, ?> configs) {
    policy = new FailurePolicy(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
      Exception exception) {
    FailurePolicy.Verdict verdict = policy.judge(context, exception);
    return verdict.fail() ? Response.fail() : Response.resume(verdict.deadLetters());
  }
}
