package dev.symdex.engine.resolve;

import java.util.List;

/**
 * C and C++ {@code #include}: {@code "x.h"} → beside the including file, else any repo file ending
 * in {@code /x.h} (include directories inferred from the tree), nearest first; {@code <x.h>} → a
 * repo file ending in {@code /x.h} (as in the kernel's {@code <linux/fs.h>}), else external. An
 * include that matches no file is unresolved only when a file of that name exists in the repo.
 */
final class IncludeImports {
  private IncludeImports() {}

  static ImportTarget resolve(String from, String text, RepoFiles repo) {
    String t = text.strip();
    boolean system = t.startsWith("<");
    String path = t.replaceAll("^[<\"]|[>\"]$", "");
    if (path.isEmpty()) {
      return ImportTarget.UNRESOLVED;
    }
    if (!system) {
      String beside = RepoFiles.join(RepoFiles.parent(from), path);
      if (beside != null && repo.exists(beside)) {
        return ImportTarget.of(List.of(beside));
      }
    }
    List<String> hits = RepoFiles.nearest(from, repo.withSuffix(path.replaceFirst("^(\\./)+", "")));
    if (!hits.isEmpty()) {
      return ImportTarget.of(hits);
    }
    // Quoted includes also name other libraries' headers (zlib.h, openssl/bio.h) and headers made
    // at build time: only one whose file name exists in the repo counts as the repo's own.
    String name = path.substring(path.lastIndexOf('/') + 1);
    return !system && !repo.withSuffix(name).isEmpty() ? ImportTarget.UNRESOLVED : ImportTarget.EXTERNAL;
  }
}
