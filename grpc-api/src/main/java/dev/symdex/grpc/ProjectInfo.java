package dev.symdex.grpc;

import java.util.Objects;

/**
 * One project as ListProjects shows it.
 *
 * @param id stable name (directory name and a hash of the root)
 * @param root absolute root
 * @param isDefault whether requests with an empty {@code project} answer from it
 * @param files files in its index
 * @param head git HEAD it is indexed at (empty outside git)
 * @param generation index generation
 * @param state "indexing" (no complete index yet: queries are refused), "degraded" (changes cannot be applied now) or "serving"
 * @param pendingChanges changes seen and not yet indexed
 * @param memory the project under the daemon's memory cap ({@link ProjectMemory#UNTRACKED} when none)
 */
public record ProjectInfo(String id, String root, boolean isDefault, long files, String head, long generation, String state,
    long pendingChanges, ProjectMemory memory) {
  public ProjectInfo {
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(state, "state");
  }

  /** Not under a memory cap. */
  public ProjectInfo(String id, String root, boolean isDefault, long files, String head, long generation, String state,
      long pendingChanges) {
    this(id, root, isDefault, files, head, generation, state, pendingChanges, ProjectMemory.UNTRACKED);
  }
}
