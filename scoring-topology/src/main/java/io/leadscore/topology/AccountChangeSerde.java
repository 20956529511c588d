package io.leadscore.topology;

import io.leadscore.serde.BinaryReader;
import io.leadscore.serde.BinarySerde;
import io.leadscore.serde.BinaryWriter;
import io.leadscore.serde.LeadPartSerde;

/** A lead's change in its account, as the account changes repartition topic carries it. */
final class AccountChangeSerde extends BinarySerde<AccountChange> {

  private static final int PART = 1;
  private static final int FIRMOGRAPHICS = 1 << 1;

  AccountChangeSerde() {
    super("a lead's change in its account", (byte) 1);
  }

  @Override
  protected void write(BinaryWriter out, AccountChange change) {
    out.string(change.leadId());
    out.varint((change.part() != null ? PART : 0) | (change.firmographics() != null ? FIRMOGRAPHICS : 0));
    if (change.part() != null) {
      LeadPartSerde.writePart(out, change.part());
    }
    if (change.firmographics() != null) {
      out.stringMap(change.firmographics());
    }
  }

  @Override
  protected AccountChange read(BinaryReader in) {
    String leadId = in.string();
    int flags = in.varint();
    return new AccountChange(leadId, (flags & PART) != 0 ? LeadPartSerde.readPart(in) : null,
        (flags & FIRMOGRAPHICS) != 0 ? in.stringMap() : null);
  }
}
