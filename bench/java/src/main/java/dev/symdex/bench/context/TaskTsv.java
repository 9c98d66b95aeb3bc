package dev.symdex.bench.context;

import java.util.List;

/** The tasks as TSV: commit, parent, truth files, added files (comma-separated), message's first line. */
final class TaskTsv {
  private TaskTsv() {}

  static String of(List<ContextTask> tasks) {
    StringBuilder sb = new StringBuilder("commit\tparent\ttruth\tadded\ttitle\n");
    for (ContextTask t : tasks) {
      sb.append(t.commit()).append('\t').append(t.parent()).append('\t').append(String.join(",", t.truth())).append('\t')
          .append(String.join(",", t.added())).append('\t').append(t.title().replace('\t', ' ')).append('\n');
    }
    return sb.toString();
  }
}
