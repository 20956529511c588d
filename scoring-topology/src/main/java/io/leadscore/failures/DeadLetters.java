package io.leadscore.failures;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Dead-letter records as Kafka Streams writes them (KIP-1034): the original key and value, the original headers, and
 * {@code __streams.errors.*} headers naming the exception, the reason, and the topic, partition and offset read.
 *
 * <p>Unlike Kafka's own, they are bounded. A dead letter goes out in the same transaction as the task's other output;
 * one the producer refuses as too large would abort that transaction, and the same input would fail again after
 * every retry. So the stack trace and reason are cut short, and when the original value (or key) would still not fit,
 * it is left out and {@code leadscore.errors.value.bytes} (or {@code .key.bytes}) says how large it was; the record
 * itself stays on its topic at the offset given.
 */
public final class DeadLetters {

  public static final String EXCEPTION = "__streams.errors.exception";
  public static final String MESSAGE = "__streams.errors.message";
  public static final String STACKTRACE = "__streams.errors.stacktrace";
  public static final String TOPIC = "__streams.errors.topic";
  public static final String PARTITION = "__streams.errors.partition";
  public static final String OFFSET = "__streams.errors.offset";
  public static final String OMITTED_VALUE_BYTES = "leadscore.errors.value.bytes";
  public static final String OMITTED_KEY_BYTES = "leadscore.errors.key.bytes";
  static final int MAX_MESSAGE_CHARS = 1_000;
  static final int MAX_STACKTRACE_CHARS = 4_000;

  private final String topic;
  private final int maxBytes;

  /**
   * @param topic the dead-letter topic
   * @param maxBytes the most a dead letter may take, key, value and headers together
   */
  public DeadLetters(String topic, int maxBytes) {
    this.topic = topic;
    this.maxBytes = maxBytes;
  }

  public String topic() {
    return topic;
  }

  public ProducerRecord<byte[], byte[]> of(ErrorHandlerContext context, String reason, Throwable failure) {
    byte[] key = context.sourceRawKey();
    byte[] value = context.sourceRawValue();
    Headers headers = new RecordHeaders();
    int headerBytes = 0;
    if (context.headers() != null) {
      for (Header header : context.headers()) {
        headers.add(header);
        headerBytes += header.key().length() + length(header.value());
      }
    }
    headerBytes += add(headers, EXCEPTION, failure.getClass().getName());
    headerBytes += add(headers, MESSAGE, abbreviate(reason, MAX_MESSAGE_CHARS));
    headerBytes += add(headers, STACKTRACE, abbreviate(stackTrace(failure), MAX_STACKTRACE_CHARS));
    headerBytes += add(headers, TOPIC, context.topic());
    headerBytes += add(headers, PARTITION, Integer.toString(context.partition()));
    headerBytes += add(headers, OFFSET, Long.toString(context.offset()));
    int room = maxBytes - headerBytes;
    if (value != null && length(key) + value.length > room) {
      add(headers, OMITTED_VALUE_BYTES, Integer.toString(value.length));
      value = null;
    }
    if (key != null && key.length > room) {
      add(headers, OMITTED_KEY_BYTES, Integer.toString(key.length));
      key = null;
    }
    return new ProducerRecord<>(topic, null, context.timestamp(), key, value, headers);
  }

  private static int add(Headers headers, String name, String text) {
    byte[] bytes = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    headers.add(name, bytes);
    return name.length() + length(bytes);
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  private static String stackTrace(Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }

  /** Keeps a text short; hostile input can make reasons as long as the values they quote. */
  public static String abbreviate(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max) + "... (" + text.length() + " characters)";
  }
}
