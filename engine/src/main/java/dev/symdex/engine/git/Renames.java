package dev.symdex.engine.git;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.diff.DiffConfig;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The renames of one commit, found as git finds them: an added and a deleted file whose contents
 * are at least 60 % alike (git's default score, whatever the user's configuration says). Reads the
 * added and deleted files' contents, so it is asked only about commits that add and delete files;
 * binary files pair only when identical, and a commit adding or deleting more than
 * {@value #LIMIT} files pairs identical contents only.
 */
final class Renames {
  static final int LIMIT = 200;
  private static final DiffConfig DEFAULTS = new Config().get(DiffConfig.KEY);

  private Renames() {}

  /**
   * New path → old path for each rename between {@code parent} and {@code tree} among the paths
   * {@code filter} keeps (paths relative to {@code prefix}, which is stripped).
   */
  static Map<String, String> of(ObjectReader reader, TreeFilter filter, String prefix, AbstractTreeIterator parent,
      AbstractTreeIterator tree) throws IOException {
    List<DiffEntry> entries;
    try (TreeWalk tw = new TreeWalk(reader)) {
      tw.setRecursive(true);
      tw.setFilter(filter);
      tw.addTree(parent);
      tw.addTree(tree);
      entries = DiffEntry.scan(tw);
    }
    RenameDetector detector = new RenameDetector(reader, DEFAULTS);
    detector.setRenameLimit(LIMIT);
    detector.setSkipContentRenamesForBinaryFiles(true);
    detector.addAll(entries);
    Map<String, String> out = new TreeMap<>();
    try {
      for (DiffEntry d : detector.compute(reader, NullProgressMonitor.INSTANCE)) {
        if (d.getChangeType() == DiffEntry.ChangeType.RENAME) {
          out.put(d.getNewPath().substring(prefix.length()), d.getOldPath().substring(prefix.length()));
        }
      }
    } catch (CanceledException e) {
      throw new IOException("rename detection cancelled", e); // NullProgressMonitor never cancels
    }
    return out;
  }
}
