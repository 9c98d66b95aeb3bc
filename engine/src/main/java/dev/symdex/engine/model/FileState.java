package dev.symdex.engine.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What the index knows of one path: identity, the stat it was indexed at, and the outcome.
 *
 * @param fileId dense id of the path inside one index, {@code >= 1}, stable while the path exists
 * @param size size in bytes at indexing time
 * @param mtimeNanos modification time at indexing time, nanoseconds since the epoch
 * @param inode inode number (0 where the file system has none)
 * @param hash content hash; present when {@code status.isIndexed()}
 * @param language language parsed as; empty when not parsed
 * @param status outcome of indexing
 * @param racy true when the file was modified so close to the moment it was read that a later
 *     change with the same size could keep the same mtime (as in git): it must be re-hashed
 *     rather than trusted on stat
 */
public record FileState(
    int fileId,
    long size,
    long mtimeNanos,
    long inode,
    Optional<ContentHash> hash,
    Optional<Language> language,
    FileStatus status,
    boolean racy) {

  public FileState {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(status, "status");
    if (fileId < 1) {
      throw new IllegalArgumentException("fileId " + fileId);
    }
    if (status.isIndexed() && (hash.isEmpty() || language.isEmpty())) {
      throw new IllegalArgumentException("indexed file state needs hash and language");
    }
  }

  /** True when a file with this stat can be trusted to have the content this state records. */
  public boolean statMatches(FileStat stat) {
    return !racy && stat.size() == size && stat.mtimeNanos() == mtimeNanos && stat.inode() == inode;
  }
}
