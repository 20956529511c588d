package io.leadscore.failures;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadscore.serde.OutputTooLargeException;
import io.leadscore.serde.SchemaRegistrationException;
import io.leadscore.serde.SchemaRegistryUnavailableException;
import io.leadscore.serde.UnknownSchemaException;
import org.apache.avro.SystemLimitException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class BlameTest {

  @Test
  void theRecordIsToBlameForWhatItsBytesOrContentCause() {
    assertThat(Blame.of(new SerializationException("not the wire format"))).isEqualTo(Blame.RECORD);
    assertThat(Blame.of(new UnknownSchemaException(42))).isEqualTo(Blame.RECORD);
    assertThat(Blame.of(new SerializationException("cannot read", new SystemLimitException("too long"))))
        .isEqualTo(Blame.RECORD);
    assertThat(Blame.of(new InvalidInputException("missing event id"))).isEqualTo(Blame.RECORD);
    assertThat(Blame.of(new StreamsException(new OutputTooLargeException("too large")))).isEqualTo(Blame.RECORD);
  }

  @Test
  void anOutageIsAnOutageHoweverDeeplyItIsWrapped() {
    SchemaRegistryUnavailableException down = new SchemaRegistryUnavailableException("registry unreachable");
    assertThat(Blame.of(down)).isEqualTo(Blame.OUTAGE);
    assertThat(Blame.of(new StreamsException("deserialization failed", new SerializationException("x", down))))
        .as("a serialization error caused by the registry is the registry's").isEqualTo(Blame.OUTAGE);
    assertThat(Blame.of(new TimeoutException("broker"))).isEqualTo(Blame.OUTAGE);
    assertThat(Blame.of(new StreamsException("send failed", new ProducerFencedException("fenced"))))
        .as("Kafka's own failures with nothing of the record beneath").isEqualTo(Blame.OUTAGE);
    assertThat(Blame.of(new KafkaException("store closed"))).isEqualTo(Blame.OUTAGE);
  }

  @Test
  void anUnexpectedExceptionIsNotBlamedOnAnyoneYet() {
    assertThat(Blame.of(new NullPointerException())).isEqualTo(Blame.UNKNOWN);
    assertThat(Blame.of(new StreamsException("ClassCastException invoking processor", new ClassCastException())))
        .as("the poison pill of another schema, had the serde let it through").isEqualTo(Blame.UNKNOWN);
  }

  @Test
  void theAppCannotGoOnWithoutMemoryOrWithItsOwnSchemasRefused() {
    assertThat(Blame.of(new OutOfMemoryError())).isEqualTo(Blame.FATAL);
    assertThat(Blame.of(new StreamsException(new SchemaRegistrationException("incompatible"))))
        .isEqualTo(Blame.FATAL);
  }
}
