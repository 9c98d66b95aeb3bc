package dev.symdex.engine.extract;

import dev.symdex.engine.extract.FactsCollector.CallForm;
import dev.symdex.engine.extract.FactsCollector.RawCall;
import dev.symdex.engine.extract.FactsCollector.Span;
import dev.symdex.engine.model.TypeFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what the captures say about the shape of each call, keyed by the start byte of the
 * call's name: where its argument list starts, the arguments of each list (span and text), and
 * whether another match found it to be a {@code new} or a method reference. From that and the
 * file's calls it builds one {@link TypeFacts.CallShape} per call: its kind, argument count, the
 * earlier call that is its receiver ({@code a().b()}), and each argument as the later call it is
 * ({@code f(g())}) or its {@link ArgumentText}. Single use, not thread-safe.
 */
final class CallShapeCollector {
  private record RawArgument(int list, Span span, String text) {}

  /** Start byte of each call's argument list, by the call's name start. */
  private final Map<Integer, Integer> argumentListByNameStart = new HashMap<>();
  /** Arguments of every argument list, in no order (grouped by list when the shapes are built). */
  private final List<RawArgument> arguments = new ArrayList<>();
  /** Calls found to be {@code new} or a method reference (by another match of the same name). */
  private final Map<Integer, CallForm> formByNameStart = new HashMap<>();

  /** The argument list of the call whose name starts at byte {@code nameStart} starts at byte {@code list}. */
  void argumentList(int nameStart, int list) {
    argumentListByNameStart.put(nameStart, list);
  }

  /** The call whose name starts at byte {@code nameStart} is a {@code new} or a method reference. */
  void form(int nameStart, CallForm form) {
    formByNameStart.put(nameStart, form);
  }

  /** An argument ({@code text} at {@code span}) of the argument list starting at byte {@code list}. */
  void argument(int list, Span span, String text) {
    arguments.add(new RawArgument(list, span, text));
  }

  /** The arguments of each argument list (by the list's start byte), in order, each once. */
  private Map<Integer, List<RawArgument>> argumentsByList() {
    arguments.sort(Comparator.comparingInt((RawArgument a) -> a.list()).thenComparingInt(a -> a.span().start()));
    Map<Integer, List<RawArgument>> out = new HashMap<>();
    List<RawArgument> cur = null;
    for (int i = 0; i < arguments.size(); i++) {
      RawArgument a = arguments.get(i);
      if (i > 0 && arguments.get(i - 1).list() == a.list() && arguments.get(i - 1).span().start() == a.span().start()) {
        continue;
      }
      if (cur == null || arguments.get(i - 1).list() != a.list()) {
        cur = new ArrayList<>(2);
        out.put(a.list(), cur);
      }
      cur.add(a);
    }
    return out;
  }

  /** One shape per call of {@code calls} (the file's calls, in order of their names' start). */
  List<TypeFacts.CallShape> shapes(List<RawCall> calls) {
    Map<Long, Integer> callByNode = new HashMap<>();
    for (int i = 0; i < calls.size(); i++) {
      callByNode.putIfAbsent(spanKey(calls.get(i).node().start(), calls.get(i).node().end()), i);
    }
    Map<Integer, List<RawArgument>> argumentsByList = argumentsByList();
    List<TypeFacts.CallShape> shapes = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      RawCall c = calls.get(i);
      int receiverCall = -1;
      Span r = c.receiverSpan();
      if (r != null) {
        Integer k = callByNode.get(spanKey(r.start(), r.end()));
        if (k == null && c.receiver().startsWith("(") && c.receiver().endsWith(")")) {
          k = callByNode.get(spanKey(r.start() + 1, r.end() - 1)); // (new Foo()).bar()
        }
        receiverCall = k != null && k < i ? k : -1;
      }
      Integer list = argumentListByNameStart.get(c.name().start());
      List<RawArgument> raws = list == null ? List.of() : argumentsByList.getOrDefault(list, List.of());
      int arguments = list != null ? raws.size() : c.form() == CallForm.ENUM_CONSTANT ? 0 : -1;
      List<TypeFacts.Argument> argumentList = new ArrayList<>(raws.size());
      for (RawArgument a : raws) {
        Integer k = callByNode.get(spanKey(a.span().start(), a.span().end()));
        argumentList.add(k != null && k > i ? new TypeFacts.Argument("", k) : new TypeFacts.Argument(ArgumentText.of(a.text()), -1));
      }
      CallForm form = c.form() == CallForm.NAMED ? formByNameStart.getOrDefault(c.name().start(), CallForm.NAMED) : c.form();
      TypeFacts.CallKind kind = switch (form) {
        case NAMED -> TypeFacts.CallKind.METHOD;
        case NEW -> TypeFacts.CallKind.NEW;
        case THIS -> TypeFacts.CallKind.THIS;
        case SUPER -> TypeFacts.CallKind.SUPER;
        case ENUM_CONSTANT -> TypeFacts.CallKind.ENUM_CONSTANT;
        case REFERENCE -> TypeFacts.CallKind.REFERENCE;
      };
      shapes.add(new TypeFacts.CallShape(kind, arguments, receiverCall, argumentList));
    }
    return shapes;
  }

  private static long spanKey(int start, int end) {
    return ((long) start << 32) | (end & 0xffffffffL);
  }
}
