package dev.symdex.engine.codec;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.model.TypeFacts;
import dev.symdex.engine.model.TypeFacts.Anonymous;
import dev.symdex.engine.model.TypeFacts.Argument;
import dev.symdex.engine.model.TypeFacts.CallKind;
import dev.symdex.engine.model.TypeFacts.CallShape;
import dev.symdex.engine.model.TypeFacts.DefinitionTypes;
import dev.symdex.engine.model.TypeFacts.Local;
import dev.symdex.engine.model.TypeFacts.TypeParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The type-facts section at the end of a facts value (format.md), after the imports:
 *
 * <pre>
 * varint nDefTypes  | × (varint definition-previous, varint type+1, varint flags (bit0 varargs, bit1 superclass),
 *                        varint nParams × varint type, [varint superclass], varint nInterfaces × varint type,
 *                        varint nTypeParams × (varint name, varint bound+1))
 * varint nLocals    | × (varint name, varint type+1, svarint lineDelta, varint column, varint endLine-line, varint endColumn)
 * varint nAnonymous | × (varint type, svarint lineDelta, varint column, varint endLine-line, varint endColumn)
 * varint nShapes    | × (varint (arguments+1)×8 + kind, varint call-receiverCall (0: none),
 *                        varint nArgs × (varint text+1, varint argumentCall-call (0: none)))
 * </pre>
 *
 * Call kind codes: 0 method, 1 new, 2 this, 3 super, 4 enum constant, 5 method reference. Strings are indexes into the value's string table; the first definition's "previous" is -1.
 * Stateless, thread-safe.
 */
final class TypeFactsCodec {
  private TypeFactsCodec() {}

  /** Interns every string of {@code t}, in the order {@link #write} uses them. */
  static void intern(TypeFacts t, Consumer<String> intern) {
    for (DefinitionTypes d : t.definitions()) {
      internOptional(d.type(), intern);
      d.parameters().forEach(intern);
      internOptional(d.superclass(), intern);
      d.interfaces().forEach(intern);
      for (TypeParameter p : d.typeParameters()) {
        intern.accept(p.name());
        internOptional(p.bound(), intern);
      }
    }
    for (Local l : t.locals()) {
      intern.accept(l.name());
      internOptional(l.type(), intern);
    }
    t.anonymous().forEach(a -> intern.accept(a.type()));
    for (CallShape c : t.calls()) {
      c.argumentList().forEach(a -> internOptional(a.text(), intern));
    }
  }

  private static void internOptional(String s, Consumer<String> intern) {
    if (!s.isEmpty()) {
      intern.accept(s);
    }
  }

  private static int optional(String s, ToIntFunction<String> intern) {
    return s.isEmpty() ? -1 : intern.applyAsInt(s);
  }

  /** Writes the section; {@code id} gives the table index of a string {@link #intern} saw. */
  static void write(ByteSink out, TypeFacts t, ToIntFunction<String> id) {
    out.varint(t.definitions().size());
    int prev = -1;
    for (DefinitionTypes d : t.definitions()) {
      out.varint(d.definition() - prev);
      prev = d.definition();
      out.varint(optional(d.type(), id) + 1);
      out.varint((d.varargs() ? 1 : 0) | (d.superclass().isEmpty() ? 0 : 2));
      out.varint(d.parameters().size());
      d.parameters().forEach(p -> out.varint(id.applyAsInt(p)));
      if (!d.superclass().isEmpty()) {
        out.varint(id.applyAsInt(d.superclass()));
      }
      out.varint(d.interfaces().size());
      d.interfaces().forEach(i -> out.varint(id.applyAsInt(i)));
      out.varint(d.typeParameters().size());
      for (TypeParameter p : d.typeParameters()) {
        out.varint(id.applyAsInt(p.name()));
        out.varint(optional(p.bound(), id) + 1);
      }
    }
    out.varint(t.locals().size());
    int line = 0;
    for (Local l : t.locals()) {
      out.varint(id.applyAsInt(l.name()));
      out.varint(optional(l.type(), id) + 1);
      out.svarlong(l.line() - line);
      out.varint(l.column());
      out.varint(l.endLine() - l.line());
      out.varint(l.endColumn());
      line = l.line();
    }
    out.varint(t.anonymous().size());
    line = 0;
    for (Anonymous a : t.anonymous()) {
      out.varint(id.applyAsInt(a.type()));
      out.svarlong(a.line() - line);
      out.varint(a.column());
      out.varint(a.endLine() - a.line());
      out.varint(a.endColumn());
      line = a.line();
    }
    out.varint(t.calls().size());
    for (int i = 0; i < t.calls().size(); i++) {
      CallShape c = t.calls().get(i);
      out.varint((c.arguments() + 1) * 8 + c.kind().code());
      out.varint(c.receiverCall() < 0 ? 0 : i - c.receiverCall());
      out.varint(c.argumentList().size());
      for (Argument a : c.argumentList()) {
        out.varint(optional(a.text(), id) + 1);
        out.varint(a.call() < 0 ? 0 : a.call() - i);
      }
    }
  }

  /** Reads the section; a damaged one fails as {@link SymdexException.CorruptIndex}. */
  static TypeFacts read(ByteSource in, Strings table) throws SymdexException.CorruptIndex {
    int n = in.count();
    List<DefinitionTypes> defs = new ArrayList<>(n);
    int prev = -1;
    for (int i = 0; i < n; i++) {
      int delta = in.varint();
      if (delta < 1) {
        throw in.corrupt("definition types out of order");
      }
      prev += delta;
      String type = optional(in, table);
      int flags = in.varint();
      List<String> params = strings(in, table);
      String superclass = (flags & 2) != 0 ? string(in, table, in.varint()) : "";
      List<String> interfaces = strings(in, table);
      int m = in.count();
      List<TypeParameter> typeParams = new ArrayList<>(m);
      for (int k = 0; k < m; k++) {
        String name = string(in, table, in.varint());
        typeParams.add(new TypeParameter(name, optional(in, table)));
      }
      defs.add(new DefinitionTypes(prev, type, params, (flags & 1) != 0, superclass, interfaces, typeParams));
    }
    n = in.count();
    List<Local> locals = new ArrayList<>(n);
    int line = 0;
    for (int i = 0; i < n; i++) {
      String name = string(in, table, in.varint());
      String type = optional(in, table);
      line += (int) in.svarlong();
      int column = in.varint();
      int endLine = line + in.varint();
      locals.add(new Local(name, type, line, column, endLine, in.varint()));
    }
    n = in.count();
    List<Anonymous> anonymous = new ArrayList<>(n);
    line = 0;
    for (int i = 0; i < n; i++) {
      String type = string(in, table, in.varint());
      line += (int) in.svarlong();
      int column = in.varint();
      int endLine = line + in.varint();
      anonymous.add(new Anonymous(type, line, column, endLine, in.varint()));
    }
    n = in.count();
    List<CallShape> shapes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int kindAndArguments = in.varint();
      CallKind kind = CallKind.fromCode(kindAndArguments & 7).orElseThrow(() -> in.corrupt("unknown call kind " + (kindAndArguments & 7)));
      int back = in.varint();
      if (back > i) {
        throw in.corrupt("receiver call " + (i - back) + " out of range");
      }
      int m = in.count();
      List<Argument> args = new ArrayList<>(m);
      for (int k = 0; k < m; k++) {
        String text = optional(in, table);
        int ahead = in.varint();
        args.add(new Argument(text, ahead == 0 ? -1 : i + ahead));
      }
      shapes.add(new CallShape(kind, (kindAndArguments >>> 3) - 1, back == 0 ? -1 : i - back, args));
    }
    return new TypeFacts(defs, locals, anonymous, shapes);
  }

  private static List<String> strings(ByteSource in, Strings table) throws SymdexException.CorruptIndex {
    int n = in.count();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(string(in, table, in.varint()));
    }
    return out;
  }

  private static String optional(ByteSource in, Strings table) throws SymdexException.CorruptIndex {
    int i = in.varint() - 1;
    return i < 0 ? "" : string(in, table, i);
  }

  private static String string(ByteSource in, Strings table, int i) throws SymdexException.CorruptIndex {
    if (i < 0 || i >= table.size()) {
      throw in.corrupt("string index " + i + " out of range");
    }
    return table.get(i);
  }

  /** The string table of a value: {@code size()} strings, each by index. */
  interface Strings {
    int size();

    String get(int index);

    static Strings of(String[] table) {
      return new Strings() {
        @Override
        public int size() {
          return table.length;
        }

        @Override
        public String get(int index) {
          return table[index];
        }
      };
    }
  }
}
