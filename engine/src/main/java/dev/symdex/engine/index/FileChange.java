package dev.symdex.engine.index;

import java.util.List;
import java.util.Objects;

/**
 * How one file changed in one apply, for subscribers.
 *
 * @param path the file
 * @param kind added, modified or removed
 * @param definitionsAdded definitions it has now and did not have ({@code "method Foo.bar"})
 * @param definitionsRemoved definitions it had and has no more
 */
public record FileChange(String path, Kind kind, List<String> definitionsAdded, List<String> definitionsRemoved) {
  public enum Kind { ADDED, MODIFIED, REMOVED }

  public FileChange {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    definitionsAdded = List.copyOf(definitionsAdded);
    definitionsRemoved = List.copyOf(definitionsRemoved);
  }
}
