package dev.symdex.engine.scan;

import dev.symdex.engine.model.FileStat;
import java.util.Objects;

/**
 * A non-ignored file found in the tree.
 *
 * @param path path relative to the root, '/'-separated
 * @param symlink true for a symbolic link (never followed)
 * @param stat its stat (of the link itself for a symlink)
 */
public record ScannedFile(String path, boolean symlink, FileStat stat) {
  public ScannedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(stat, "stat");
  }
}
