package dev.symdex.engine.query.plan;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import dev.symdex.engine.model.DefinitionKind;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns ranked {@link Plan.Item}s into {@link PackCandidate}s and packs them: each file may be
 * emitted as its outline (share {@value #OUTLINE_SHARE} of its value), its outline with the source
 * of its spans ({@value #SPANS_SHARE}), or whole ({@code 1.0}) when it is small enough to fit and
 * readable as UTF-8 text. Files are read from the project's working tree, never outside it (a path
 * that leaves the root or goes through a symbolic link is given as an outline only).
 */
final class PlanPacker {
  static final double OUTLINE_SHARE = 0.3;
  static final double SPANS_SHARE = 0.7;
  /** Files offered to the packer, best first. */
  static final int PACKED_FILES = 40;
  /** Outline lines per file at most. */
  static final int OUTLINE_LINES = 60;
  /** Source lines per span at most. */
  static final int SPAN_LINES = 60;
  /** Files larger than this are never emitted whole. */
  static final long WHOLE_FILE_BYTES = 256 * 1024;

  private final Packer packer;

  PlanPacker(TokenCounter counter) {
    this.packer = new Packer(counter);
  }

  Packing pack(PlanIndex.View view, List<Plan.Item> items, int budget) throws SymdexException {
    List<PackCandidate> candidates = new ArrayList<>();
    for (Plan.Item item : items.subList(0, Math.min(PACKED_FILES, items.size()))) {
      candidates.add(candidate(view, item));
    }
    return packer.pack(candidates, budget);
  }

  private PackCandidate candidate(PlanIndex.View view, Plan.Item item) throws SymdexException {
    String outline = outline(view, item.path());
    Optional<List<String>> lines = read(view.root(), item.path());
    List<PackCandidate.Rendering> renderings = new ArrayList<>();
    renderings.add(PackCandidate.Rendering.of("outline", OUTLINE_SHARE, outline));
    if (lines.isPresent() && !item.spans().isEmpty()) {
      renderings.add(PackCandidate.Rendering.of("outline+spans", SPANS_SHARE, outline + spans(lines.get(), item.spans())));
    }
    if (lines.isPresent()) {
      renderings.add(PackCandidate.Rendering.of("file", 1.0, String.join("\n", lines.get()) + "\n"));
    }
    String why = item.reasons().stream().map(r -> r.signal().name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    String title = String.format(Locale.ROOT, "%s (%.2f: %s)", item.path(), item.score(), why);
    return new PackCandidate(item.path(), title, item.score(), renderings);
  }

  /** One line per definition (kinds that structure a file), by line, at most {@value #OUTLINE_LINES}. */
  private static String outline(PlanIndex.View view, String path) throws SymdexException {
    Optional<FactsView> facts = view.searcher().snapshot().factsView(path);
    if (facts.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    int[] count = {0};
    FactsView f = facts.get();
    f.definitions(-1, (index, name, kind, visibility, container, line, column, endLine) -> {
      if (kind == DefinitionKind.VARIABLE || kind == DefinitionKind.FIELD || count[0] >= OUTLINE_LINES) {
        return;
      }
      count[0]++;
      String qualified = container < 0 ? f.string(name) : f.container(container) + "." + f.string(name);
      sb.append(String.format(Locale.ROOT, "%d-%d %s %s%n", line, endLine, kind.name().toLowerCase(Locale.ROOT), qualified));
    });
    return sb.toString();
  }

  private static String spans(List<String> lines, List<Plan.Span> spans) {
    StringBuilder sb = new StringBuilder();
    for (Plan.Span s : spans) {
      int from = Math.max(1, s.line());
      int to = Math.min(lines.size(), Math.min(s.endLine(), s.line() + SPAN_LINES - 1));
      sb.append("--- ").append(s.name()).append(" (").append(from).append('-').append(to).append(")\n");
      for (int i = from; i <= to; i++) {
        sb.append(lines.get(i - 1)).append('\n');
      }
    }
    return sb.toString();
  }

  /** The lines of a regular file inside {@code root} (no symbolic link on the way), when it is small UTF-8 text. */
  static Optional<List<String>> read(Path root, String path) {
    try {
      Path file = root.resolve(path).normalize();
      if (!file.startsWith(root) || !file.toRealPath().equals(root.toRealPath().resolve(root.relativize(file)))) {
        return Optional.empty();
      }
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > WHOLE_FILE_BYTES) {
        return Optional.empty();
      }
      byte[] bytes = Files.readAllBytes(file);
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      if (text.indexOf('\0') >= 0) {
        return Optional.empty();
      }
      return Optional.of(text.lines().toList());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}
