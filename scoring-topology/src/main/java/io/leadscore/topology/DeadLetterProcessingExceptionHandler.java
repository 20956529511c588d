package io.leadscore.topology;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka's log-and-continue handler, with its dead-letter records, for anything a record's content makes the topology
 * throw. Failures of Kafka itself (a send that failed, a store that cannot be written) say nothing about the record:
 * they fail the thread, which is replaced and resumes from the last commit, instead of sending good input to the
 * dead-letter topic.
 */
public class DeadLetterProcessingExceptionHandler extends LogAndContinueProcessingExceptionHandler {

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (exception instanceof KafkaException) {
      return Response.fail();
    }
    return super.handleError(context, record, exception);
  }
}
