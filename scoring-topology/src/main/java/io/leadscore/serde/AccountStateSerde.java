package io.leadscore.serde;

import io.leadscore.account.AccountState;
import io.leadscore.account.LeadPart;
import java.util.LinkedHashMap;
import java.util.Map;

/** An account as its task keeps it: firmographics, stage, times; the leads' parts when it has them. */
public final class AccountStateSerde extends BinarySerde<AccountState> {

  private static final int STAGE = 1;
  private static final int EVALUATED = 1 << 1;
  private static final int DUE = 1 << 2;

  public AccountStateSerde() {
    super("an account's state", (byte) 1);
  }

  @Override
  protected void write(BinaryWriter out, AccountState state) {
    out.varint((state.stage() != null ? STAGE : 0) | (state.evaluatedAt() != null ? EVALUATED : 0)
        | (state.decayDueAt() != null ? DUE : 0));
    out.stringMap(state.firmographics());
    if (state.stage() != null) {
      out.string(state.stage());
    }
    if (state.evaluatedAt() != null) {
      out.varlong(state.evaluatedAt());
    }
    if (state.decayDueAt() != null) {
      out.varlong(state.decayDueAt());
    }
    out.varint(state.leads().size());
    state.leads().forEach((lead, part) -> {
      out.string(lead);
      LeadPartSerde.writePart(out, part);
    });
  }

  @Override
  protected AccountState read(BinaryReader in) {
    int flags = in.varint();
    Map<String, String> firmographics = in.stringMap();
    String stage = (flags & STAGE) != 0 ? in.string() : null;
    Long evaluatedAt = (flags & EVALUATED) != 0 ? in.varlong() : null;
    Long decayDueAt = (flags & DUE) != 0 ? in.varlong() : null;
    int count = in.count();
    Map<String, LeadPart> leads = new LinkedHashMap<>(count * 2);
    for (int i = 0; i < count; i++) {
      leads.put(in.string(), LeadPartSerde.readPart(in));
    }
    return new AccountState(leads, firmographics, stage, evaluatedAt, decayDueAt);
  }
}
