package dev.symdex.grpc;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.Enclosing;
import dev.symdex.engine.query.Enclosings;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.SourceLines;
import dev.symdex.proto.v1.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adds to the rows of one page what the row query itself does not give: the enclosing definition
 * of a reference or call ({@link Enclosings}) and, when asked, each row's source line ({@link
 * SourceLines}; a file not as indexed gives {@code source_stale} and no text). Stateless.
 */
final class RowDetails {
  /** What the rows of a query are, which decides the enclosing definition each gets. */
  enum Role {
    /** Definitions (FindDefinitions, FileOutline): no enclosing definition (the container says it). */
    DEFINITIONS,
    /** Uses of a name: the innermost definition holding each. */
    REFERENCES,
    /** Call sites named by their calling definition: that definition. */
    CALLERS,
    /** Calls made inside a definition (its qualified name in container): that definition. */
    CALLEES
  }

  private RowDetails() {}

  /**
   * {@code rows} with their details, in the same order.
   *
   * @param root the project's root, where source lines are read (used only with {@code withSource})
   */
  static List<Result> add(Searcher s, Path root, Role role, boolean withSource, List<Result> rows) throws SymdexException {
    if (role == Role.DEFINITIONS && !withSource) {
      return rows;
    }
    Enclosings enclosings = new Enclosings(s.snapshot());
    SourceLines lines = withSource ? new SourceLines(s.snapshot(), root) : null;
    List<Result> out = new ArrayList<>(rows.size());
    for (Result r : rows) {
      s.snapshot().checkCancelled();
      Result.Builder b = r.toBuilder();
      Optional<String> caller = calling(role, r);
      if (caller.isPresent()) {
        enclosings.of(r.getPath(), r.getLine(), r.getColumn(), caller.get()).ifPresent(e -> b.setEnclosing(enclosing(e)));
      }
      if (lines != null) {
        Optional<String> text = lines.line(r.getPath(), r.getLine());
        b.setSource(text.orElse("")).setSourceStale(text.isEmpty());
      }
      out.add(b.build());
    }
    return out;
  }

  /**
   * The qualified name of the definition a row records as its place ({@code ""}: none recorded,
   * the innermost one), or empty when the row gets no enclosing definition.
   */
  private static Optional<String> calling(Role role, Result r) {
    return switch (role) {
      case DEFINITIONS -> Optional.empty();
      case REFERENCES -> Optional.of("");
      case CALLERS -> r.getKind().equals("file") ? Optional.empty()
          : Optional.of(r.getContainer().isEmpty() ? r.getName() : r.getContainer() + "." + r.getName());
      case CALLEES -> Optional.of(r.getContainer());
    };
  }

  private static dev.symdex.proto.v1.Enclosing enclosing(Enclosing e) {
    return dev.symdex.proto.v1.Enclosing.newBuilder().setName(e.name()).setKind(e.kind()).setContainer(e.container())
        .setLine(e.line()).setEndLine(e.endLine()).build();
  }
}
