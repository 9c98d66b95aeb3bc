package dev.symdex.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.symdex.proto.v1.PlanItem;
import dev.symdex.proto.v1.PlanPacking;
import dev.symdex.proto.v1.PlanReason;
import dev.symdex.proto.v1.PlanResponse;
import java.util.Locale;

/**
 * Prints a Plan answer for people and agents: one line with HEAD, generation and tokens of the
 * budget, the ranked files one a line with their score and reasons, then the packed text as the
 * daemon made it (ready to paste). Stateless.
 */
public final class PlanText {
  /** The message type this printer takes. */
  static final String TYPE = PlanResponse.getDescriptor().getFullName();

  private PlanText() {}

  /** {@code m}, a {@code symdex.v1.PlanResponse} (generated or dynamic), as text. */
  public static String print(Message m) {
    PlanResponse r;
    try {
      r = m instanceof PlanResponse p ? p : PlanResponse.parseFrom(m.toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a PlanResponse", e);
    }
    PlanPacking p = r.getPacking();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "plan: head %s  generation %d  tokens %d/%d (%s)%s%n",
        r.getHead().isEmpty() ? "-" : r.getHead().substring(0, Math.min(12, r.getHead().length())), r.getGeneration(),
        p.getTokens(), p.getBudget(), JsonPrinter.enumName(p.getFill().getValueDescriptor()),
        r.getPendingChanges() == 0 ? "" : "  pending " + r.getPendingChanges()));
    for (int i = 0; i < r.getItemsCount(); i++) {
      PlanItem item = r.getItems(i);
      b.append(String.format(Locale.ROOT, "%2d. %s  %.2f", i + 1, item.getPath(), item.getScore()));
      String sep = "  ";
      for (PlanReason reason : item.getReasonsList()) {
        b.append(String.format(Locale.ROOT, "%s%s %.2f", sep, JsonPrinter.enumName(reason.getSignal().getValueDescriptor()),
            reason.getWeight()));
        if (!reason.getDetail().isEmpty()) {
          b.append(" (").append(reason.getDetail()).append(')');
        }
        sep = "; ";
      }
      b.append('\n');
    }
    b.append('\n').append(r.getText());
    if (!r.getText().isEmpty() && !r.getText().endsWith("\n")) {
      b.append('\n');
    }
    return b.toString();
  }
}
