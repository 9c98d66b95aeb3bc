package dev.symdex.engine.index;

import dev.symdex.engine.resolve.ProjectConfig;
import dev.symdex.engine.resolve.RepoFiles;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The build-file config of one tree (go.mod, package.json, tsconfig, Cargo.toml), read once and
 * shared by the writer and readers. The writer replaces it whenever a change touches a build
 * file; a reader that finds none yet reads one over its snapshot. Thread-safe.
 */
final class ProjectConfigs {
  private final Path root;
  private final AtomicReference<ProjectConfig> current = new AtomicReference<>();

  ProjectConfigs(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** The config last read, or null before the first. */
  ProjectConfig current() {
    return current.get();
  }

  /** The writer's config, read over its transaction. */
  void set(ProjectConfig config) {
    current.set(config);
  }

  /** The current config, or one read over {@code files} when there is none yet. */
  ProjectConfig orRead(RepoFiles files) {
    ProjectConfig c = current.get();
    if (c == null) {
      c = ProjectConfig.read(root, files);
      current.compareAndSet(null, c);
    }
    return c;
  }
}
