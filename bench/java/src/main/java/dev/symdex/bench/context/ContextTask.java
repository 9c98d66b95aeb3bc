package dev.symdex.bench.context;

import java.util.List;

/**
 * One task from history: a non-merge commit and what an agent would have needed to read for it.
 *
 * @param commit the commit's SHA
 * @param parent its only parent's SHA: the index is built at this commit
 * @param commitTime seconds since the epoch (committer time)
 * @param message the full commit message: the task's text
 * @param truth the source files the commit modified or deleted that exist at the parent, sorted
 *     (files it only added cannot be named by a planner that reads the parent)
 * @param added the source files the commit added, sorted (counted toward the 1–8 limit, never truth)
 */
public record ContextTask(String commit, String parent, long commitTime, String message, List<String> truth, List<String> added) {
  public ContextTask {
    truth = List.copyOf(truth);
    added = List.copyOf(added);
  }

  /** The first line of the message. */
  public String title() {
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
