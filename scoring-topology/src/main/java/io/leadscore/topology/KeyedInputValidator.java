package io.leadscore.topology;

import io.leadscore.failures.InvalidInputException;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Checks records keyed by the id they carry (profiles, sales reps, CRM outcomes) before anything keeps them: a
 * bounded key equal to the record's id, bounded text, and what else the record type needs. A rejected record goes to
 * the dead-letter topic with the reason, through the processing exception handler.
 */
final class KeyedInputValidator<V extends SpecificRecord> implements FixedKeyProcessor<String, V, V> {

  private final InputBounds bounds;
  private final String idName;
  private final String idField;
  private final Function<V, String> idOf;
  private final Function<V, String> problemOf;
  private final boolean tombstones;
  private FixedKeyProcessorContext<String, V> context;

  /**
   * @param idName the id in words, as in "lead id"
   * @param idField the field holding it, as in "leadId"
   * @param problemOf what else is wrong with a record, or null when nothing is
   * @param tombstones whether a record without a value (a deletion of a compacted topic) is accepted
   */
  KeyedInputValidator(InputBounds bounds, String idName, String idField, Function<V, String> idOf,
      Function<V, String> problemOf, boolean tombstones) {
    this.bounds = bounds;
    this.idName = idName;
    this.idField = idField;
    this.idOf = idOf;
    this.problemOf = problemOf;
    this.tombstones = tombstones;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, V> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, V> record) {
    bounds.checkId(idName, record.key(), "the record key");
    V value = record.value();
    if (value == null) {
      if (!tombstones) {
        throw new InvalidInputException("record has no value");
      }
      context.forward(record);
      return;
    }
    bounds.checkText(value);
    String id = idOf.apply(value);
    if (!record.key().equals(id)) {
      throw new InvalidInputException(idField + " " + InvalidInputException.quote(String.valueOf(id))
          + " does not match the record key " + InvalidInputException.quote(record.key()));
    }
    String problem = problemOf.apply(value);
    if (problem != null) {
      throw new InvalidInputException(problem);
    }
    context.forward(record);
  }
}
