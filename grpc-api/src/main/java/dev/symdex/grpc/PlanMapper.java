package dev.symdex.grpc;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.plan.Packing;
import dev.symdex.engine.query.plan.Plan;
import dev.symdex.engine.query.plan.Signal;
import dev.symdex.proto.v1.PackedFile;
import dev.symdex.proto.v1.PackingFill;
import dev.symdex.proto.v1.PlanItem;
import dev.symdex.proto.v1.PlanPacking;
import dev.symdex.proto.v1.PlanReason;
import dev.symdex.proto.v1.PlanRequest;
import dev.symdex.proto.v1.PlanResponse;
import dev.symdex.proto.v1.PlanSignal;
import dev.symdex.proto.v1.PlanSpan;
import java.util.EnumSet;
import java.util.Set;

/** Reads a {@code PlanRequest}'s bounds and converts a {@link Plan} to its {@code symdex.v1} message. Stateless. */
final class PlanMapper {
  static final int DEFAULT_BUDGET = 8_000;
  static final int MIN_BUDGET = 256;
  static final int MAX_BUDGET = 200_000;
  static final int DEFAULT_LIMIT = 30;
  static final int MAX_LIMIT = 200;
  static final int DEFAULT_TOP = 10;
  static final int MAX_TOP = 100;

  private PlanMapper() {}

  /** The task, which must have a non-blank character. */
  static String task(String task) throws SymdexException.InvalidQuery {
    if (task.isBlank()) {
      throw new SymdexException.InvalidQuery("task is required");
    }
    return task;
  }

  /** The token budget: {@value #DEFAULT_BUDGET} for 0, else within [{@value #MIN_BUDGET}, {@value #MAX_BUDGET}]. */
  static int budget(int requested) throws SymdexException.InvalidQuery {
    if (requested == 0) {
      return DEFAULT_BUDGET;
    }
    if (requested < MIN_BUDGET || requested > MAX_BUDGET) {
      throw new SymdexException.InvalidQuery("token_budget must be 0 (default " + DEFAULT_BUDGET + ") or from " + MIN_BUDGET
          + " to " + MAX_BUDGET + ", not " + requested);
    }
    return requested;
  }

  /** Files to rank: {@value #DEFAULT_LIMIT} for 0, at most {@value #MAX_LIMIT}. */
  static int limit(int requested) throws SymdexException.InvalidQuery {
    if (requested < 0) {
      throw new SymdexException.InvalidQuery("limit must not be negative");
    }
    return requested == 0 ? DEFAULT_LIMIT : Math.min(requested, MAX_LIMIT);
  }

  /** A subscription's top size: {@value #DEFAULT_TOP} for 0, at most {@value #MAX_TOP}. */
  static int top(int requested) throws SymdexException.InvalidQuery {
    if (requested < 0) {
      throw new SymdexException.InvalidQuery("plan_top must not be negative");
    }
    return requested == 0 ? DEFAULT_TOP : Math.min(requested, MAX_TOP);
  }

  /** The signals asked for; every signal when none is. */
  static Set<Signal> signals(PlanRequest req) throws SymdexException.InvalidQuery {
    if (req.getSignalsCount() == 0) {
      return EnumSet.allOf(Signal.class);
    }
    Set<Signal> out = EnumSet.noneOf(Signal.class);
    for (PlanSignal s : req.getSignalsList()) {
      out.add(switch (s) {
        case PLAN_SIGNAL_LEXICAL -> Signal.LEXICAL;
        case PLAN_SIGNAL_GRAPH -> Signal.GRAPH;
        case PLAN_SIGNAL_COCHANGE -> Signal.COCHANGE;
        case PLAN_SIGNAL_RECENCY -> Signal.RECENCY;
        case PLAN_SIGNAL_TESTS -> Signal.TESTS;
        case PLAN_SIGNAL_COMMITS -> Signal.COMMITS;
        case PLAN_SIGNAL_UNSPECIFIED, UNRECOGNIZED -> throw new SymdexException.InvalidQuery("signals holds an unknown signal");
      });
    }
    return out;
  }

  static PlanResponse response(Plan plan, long pending) {
    PlanResponse.Builder b = PlanResponse.newBuilder().setHead(plan.head()).setGeneration(plan.generation())
        .setPendingChanges(pending).setText(plan.packing().text()).addAllNotes(plan.notes());
    for (Plan.Item item : plan.items()) {
      PlanItem.Builder ib = PlanItem.newBuilder().setPath(item.path()).setScore(item.score());
      for (Plan.Reason r : item.reasons()) {
        ib.addReasons(PlanReason.newBuilder().setSignal(signal(r.signal())).setWeight(r.weight()).setDetail(r.detail()));
      }
      for (Plan.Span s : item.spans()) {
        ib.addSpans(PlanSpan.newBuilder().setName(s.name()).setKind(s.kind()).setLine(s.line()).setEndLine(s.endLine()));
      }
      b.addItems(ib);
    }
    Packing p = plan.packing();
    PlanPacking.Builder pb = PlanPacking.newBuilder().setTokens(p.tokens()).setBudget(p.budget()).setFill(fill(p.fill()));
    for (Packing.Packed packed : p.items()) {
      pb.addPacked(PackedFile.newBuilder().setPath(packed.key()).setKind(packed.kind()).setTokens(packed.tokens()));
    }
    return b.setPacking(pb).build();
  }

  static PlanSignal signal(Signal s) {
    return switch (s) {
      case LEXICAL -> PlanSignal.PLAN_SIGNAL_LEXICAL;
      case GRAPH -> PlanSignal.PLAN_SIGNAL_GRAPH;
      case COCHANGE -> PlanSignal.PLAN_SIGNAL_COCHANGE;
      case RECENCY -> PlanSignal.PLAN_SIGNAL_RECENCY;
      case TESTS -> PlanSignal.PLAN_SIGNAL_TESTS;
      case COMMITS -> PlanSignal.PLAN_SIGNAL_COMMITS;
    };
  }

  private static PackingFill fill(Packing.Fill f) {
    return switch (f) {
      case FILLED -> PackingFill.PACKING_FILL_FILLED;
      case RAN_OUT -> PackingFill.PACKING_FILL_RAN_OUT;
      case NOTHING_FITS -> PackingFill.PACKING_FILL_NOTHING_FITS;
    };
  }
}
