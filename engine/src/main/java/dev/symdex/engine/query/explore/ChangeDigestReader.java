package dev.symdex.engine.query.explore;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.Delta;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.explore.ExploreMap.ChangeDigest;
import dev.symdex.engine.query.explore.ExploreMap.Changes;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * L6's change digest: the working tree as indexed against HEAD (uncommitted changes) and, when
 * asked, against another revision, as files and definitions (from {@link Searcher#delta}). At most
 * {@value #READ_LIMIT} of each are read from git; under a focus, only the focused files' changes
 * count (a removed file counts when its path is under a focused directory or is the focus).
 */
final class ChangeDigestReader {
  static final int READ_LIMIT = 2_000;
  private static final String HEAD = "HEAD";

  private ChangeDigestReader() {}

  /**
   * The digest. Outside a git working tree (or before the first commit) it is unavailable and
   * says why; a {@code since} asked for there, or one git does not know, is the caller's error.
   *
   * @throws SymdexException.InvalidQuery for a {@code since} revision git does not know, or
   *     outside a git working tree
   */
  static ChangeDigest read(Searcher searcher, Optional<String> since, Predicate<String> focused, Caps caps) throws SymdexException {
    Optional<Changes> against = Optional.empty();
    if (since.isPresent() && !since.get().isBlank()) {
      against = Optional.of(changes(searcher.delta(since.get().strip(), READ_LIMIT), focused, caps));
    }
    Delta uncommitted;
    try {
      uncommitted = searcher.delta(HEAD, READ_LIMIT);
    } catch (SymdexException.InvalidQuery e) {
      return new ChangeDigest(e.getMessage(), Optional.empty(), against);
    }
    return new ChangeDigest("", Optional.of(changes(uncommitted, focused, caps)), against);
  }

  private static Changes changes(Delta d, Predicate<String> focused, Caps caps) {
    return new Changes(d.since(), d.sinceCommit(),
        Section.of(d.files().stream().filter(f -> focused.test(f.path())).toList(), caps.changedFiles()),
        Section.of(d.definitions().stream().filter(x -> focused.test(x.path())).toList(), caps.changedDefinitions()),
        d.truncated());
  }
}
