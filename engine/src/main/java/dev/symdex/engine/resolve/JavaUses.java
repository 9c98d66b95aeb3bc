package dev.symdex.engine.resolve;

import dev.symdex.engine.model.Definition;
import dev.symdex.engine.model.DefinitionKind;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Import;
import dev.symdex.engine.model.Reference;
import dev.symdex.engine.model.ReferenceKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Java files a Java file depends on without an import line:
 *
 * <ul>
 *   <li><b>its own package's types</b>: a name it uses ({@code Bar}, a reference that starts with
 *       an upper-case letter, as Java types do, and does not end a qualified name) that a file named
 *       {@code Bar.java} declaring the same package defines — unless a single-type import or the
 *       file's own definitions give the name another meaning (they shadow the package's type;
 *       on-demand imports do not);
 *   <li><b>fully qualified types</b>: {@code com.acme.Bar} written out ({@code com.acme.Bar x =
 *       new com.acme.Bar()}), read from the file's references as a chain of names that follow one
 *       another across dots on one line; the package is the chain's lower-case names before its
 *       first upper-case one, the type that name.
 * </ul>
 *
 * Files in the unnamed package have no package to share. Reads one question per name: which
 * files named {@code Bar.java} declare the package ({@link ImportResolver.Definitions#filesNamedDefining}),
 * so the cascade stays exact: a new {@code p/Bar.java} (or one that comes to declare p) re-resolves
 * the files that use {@code Bar} from package p, and no other.
 */
final class JavaUses {
  private JavaUses() {}

  static List<String> resolve(String from, FileFacts facts, ImportResolver.Definitions definitions) {
    String pkg = facts.definitions().stream().filter(d -> d.kind() == DefinitionKind.MODULE).map(Definition::name)
        .findFirst().orElse("");
    Set<String> shadowed = new HashSet<>(facts.definitionNames());
    for (Import imp : facts.imports()) {
      String t = imp.text().replaceAll("\\s", "");
      if (!t.endsWith(".*")) {
        shadowed.add(t.substring(t.lastIndexOf('.') + 1));
      }
    }
    // One walk over the references: the names that may be types of the package, and the
    // qualified names (a chain of lower-case names, then the upper-case name that ends it).
    Set<String> names = new HashSet<>();
    Set<String> qualified = new HashSet<>(); // "a.b" NUL "C": package, then type
    StringBuilder chain = new StringBuilder();
    boolean chainLower = false; // the chain so far is lower-case names only
    Reference prev = null;
    for (Reference r : facts.references()) {
      if (r.kind() == ReferenceKind.IMPORT) {
        prev = null;
        continue;
      }
      boolean after = follows(prev, r);
      boolean upper = startsUpper(r.name());
      // Not the type of a qualified name (other.pkg.Bar) nor a member (value.Field). (After an
      // upper-case name it may be either a member, Outer.Inner, or a type argument, List<Bar>:
      // the references do not say which, and a type argument is by far the more common.)
      if (upper && !(after && !startsUpper(prev.name())) && !shadowed.contains(r.name())) {
        names.add(r.name());
      }
      if (!after) {
        chain.setLength(0);
        chainLower = true;
      }
      if (upper && chainLower && !chain.isEmpty()) {
        qualified.add(chain + "\0" + r.name());
      }
      chainLower &= !upper;
      if (chainLower) {
        chain.append(chain.isEmpty() ? "" : ".").append(r.name());
      }
      prev = r;
    }
    Set<String> out = new TreeSet<>();
    if (!pkg.isEmpty()) {
      for (String name : names) {
        out.addAll(RepoFiles.nearest(from, definitions.filesNamedDefining(name + ".java", pkg)));
      }
    }
    for (String q : qualified) {
      int nul = q.indexOf('\0');
      out.addAll(RepoFiles.nearest(from, definitions.filesNamedDefining(q.substring(nul + 1) + ".java", q.substring(0, nul))));
    }
    out.remove(from);
    return new ArrayList<>(out);
  }

  /**
   * True when {@code r} may be the name after {@code prev} and a dot ({@code prev.r}): it starts
   * one column after {@code prev} ends, on the same line, and {@code prev} is not a call's name (a
   * parenthesis follows those). The references do not keep the character between: it may be
   * another ({@code List<Bar>}, {@code i<MAX}), which the callers allow for.
   */
  private static boolean follows(Reference prev, Reference r) {
    return prev != null && prev.kind() != ReferenceKind.CALL && r.line() == prev.line()
        && r.column() == prev.column() + prev.name().length() + 1;
  }

  private static boolean startsUpper(String name) {
    return Character.isUpperCase(name.codePointAt(0));
  }
}
