package io.leadscore.serde;

import io.leadscore.account.LeadPart;

/** A lead's part in its account: engagement, the time it is as of, when the lead was last active, its role. */
public final class LeadPartSerde extends BinarySerde<LeadPart> {

  private static final int LAST_ACTIVITY = 1;
  private static final int ROLE = 1 << 1;

  public LeadPartSerde() {
    super("a lead's part in its account", (byte) 1);
  }

  @Override
  protected void write(BinaryWriter out, LeadPart part) {
    writePart(out, part);
  }

  @Override
  protected LeadPart read(BinaryReader in) {
    return readPart(in);
  }

  /** The part alone, for records that carry one. */
  public static void writePart(BinaryWriter out, LeadPart part) {
    out.varint((part.lastActivityAt() != null ? LAST_ACTIVITY : 0) | (part.role() != null ? ROLE : 0));
    out.number(part.engagement());
    out.varlong(part.at());
    if (part.lastActivityAt() != null) {
      out.varlong(part.at() - part.lastActivityAt());
    }
    if (part.role() != null) {
      out.string(part.role());
    }
  }

  public static LeadPart readPart(BinaryReader in) {
    int flags = in.varint();
    double engagement = in.number();
    long at = in.varlong();
    Long lastActivityAt = (flags & LAST_ACTIVITY) != 0 ? at - in.varlong() : null;
    return new LeadPart(engagement, at, lastActivityAt, (flags & ROLE) != 0 ? in.string() : null);
  }
}
