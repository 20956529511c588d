package io.leadscore.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadscore.account.AccountState;
import io.leadscore.account.LeadPart;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AccountSerdesTest {

  private static final long AT = 1_790_000_000_000L;

  @Test
  void aLeadsPartRoundTripsWithAndWithoutItsOptionalParts() {
    LeadPartSerde serde = new LeadPartSerde();
    for (LeadPart part : new LeadPart[] {new LeadPart(85, AT, AT - 3_600_000, "champion"),
        new LeadPart(12.345, AT, null, null), new LeadPart(-10, 0, 0L, "")}) {
      assertThat(roundTrip(serde, part)).isEqualTo(part);
    }
    // A whole score, two times and a role: the compact form is what makes a part cheap to keep per lead.
    assertThat(serde.serializer().serialize("t", new LeadPart(85, AT, AT - 3_600_000, "user"))).hasSizeLessThan(20);
  }

  @Test
  void anAccountRoundTripsWithItsFirmographicsStageTimesAndLeads() {
    AccountStateSerde serde = new AccountStateSerde();
    AccountState full = new AccountState(Map.of("lead-1", new LeadPart(40, AT, AT, "user")),
        Map.of("industry", "Software", "country", "MX"), "engaged", AT, AT + 86_400_000L);
    assertThat(roundTrip(serde, full)).isEqualTo(full);
    assertThat(roundTrip(serde, AccountState.NEW)).isEqualTo(AccountState.NEW);
  }

  @Test
  void aTruncatedOrForeignRecordFailsAsASerializationErrorAndNothingIsMadeUp() {
    AccountStateSerde serde = new AccountStateSerde();
    byte[] bytes = serde.serializer().serialize("t", new AccountState(Map.of(), Map.of("industry", "Software"),
        "engaged", AT, null));
    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated)).as("%d bytes", length)
          .isInstanceOf(SerializationException.class);
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", longer))
        .isInstanceOf(SerializationException.class).hasRootCauseMessage("1 bytes left after an account's state");
    byte[] smile = new JsonSerde<>(AccountState.class).serializer().serialize("t", AccountState.NEW);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", smile))
        .isInstanceOf(SerializationException.class).hasMessageContaining("not version 1");
  }

  private static <T> T roundTrip(Serde<T> serde, T value) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
  }
}
