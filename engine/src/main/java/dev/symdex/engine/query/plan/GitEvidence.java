package dev.symdex.engine.query.plan;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.git.ChangeHistory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plan's git signals, read from the project's {@link ChangeHistory} (cached per HEAD):
 *
 * <ul>
 *   <li>{@link Signal#COCHANGE}: each seed (a best lexical match, with its lexical value) lends its
 *       value to the files that changed in the same commits, in proportion to their co-change
 *       weight over its heaviest partner's ({@value #PARTNERS} partners per seed); the sums over
 *       the best sum.
 *   <li>{@link Signal#RECENCY}: 1 for a file edited in the working tree since HEAD last moved
 *       (and so differing from HEAD: {@link PlanIndex.View#editedNow}),
 *       else {@code 0.5^(commits ago / }{@value #HALF_LIFE}{@code )} for a file a commit of the
 *       window changed, by its newest such commit that is not a sweep (over
 *       {@value ChangeHistory#CO_CHANGE_MAX_FILES} files: an import or a reformat says nothing of
 *       what is being worked on); only the commits whose value is at least {@value #MIN_RECENCY}
 *       are read, so the cost is theirs, not the history's.
 *   <li>{@link Signal#COMMITS}: the {@value #COMMIT_HITS} past commits whose messages best match
 *       the task ({@link CommitIndex}) each lend their score (over the best commit's) to the files
 *       they changed, divided by the square root of their number of files; the sums over the best sum.
 * </ul>
 *
 * Only files in the index count (a file since deleted is never proposed).
 */
final class GitEvidence {
  static final int PARTNERS = 20;
  static final double HALF_LIFE = 10;
  static final double MIN_RECENCY = 0.05;
  /** The commits whose recency is at least {@link #MIN_RECENCY}: {@code 0 <= ago <= HALF_LIFE * log2(1 / MIN_RECENCY)}. */
  static final int RECENT_COMMITS = (int) Math.floor(HALF_LIFE * Math.log(1 / MIN_RECENCY) / Math.log(2)) + 1;

  /** Past commits whose messages lend their files a value. */
  static final int COMMIT_HITS = 20;

  private GitEvidence() {}

  private static void commits(CommitIndex index, List<String> terms, LexicalIndex lexical, double weight, Planner.Scores scores) {
    List<CommitIndex.Hit> hits = index.score(terms, COMMIT_HITS);
    if (hits.isEmpty()) {
      return;
    }
    ChangeHistory history = index.history();
    double best = hits.get(0).score();
    Map<String, Double> lent = new TreeMap<>();
    Map<String, Integer> via = new TreeMap<>();
    for (CommitIndex.Hit hit : hits) {
      List<String> files = history.changedAt(hit.position());
      double share = hit.score() / best / Math.sqrt(files.size());
      for (String f : files) {
        if (lexical.contains(f)) {
          lent.merge(f, share, Double::sum);
          via.putIfAbsent(f, hit.position()); // hits come best first
        }
      }
    }
    double top = lent.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    if (top <= 0) {
      return;
    }
    lent.forEach((f, v) -> {
      ChangeHistory.Commit c = history.commits().get(via.get(f));
      scores.add(f, Signal.COMMITS, weight * v / top, "changed by " + c.sha().substring(0, Math.min(12, c.sha().length())) + " \"" + subject(c.message()) + "\"");
    });
  }

  /** The first line of a commit message, cut to 72 characters. */
  static String subject(String message) {
    String line = message.strip().lines().findFirst().orElse("");
    return line.length() <= 72 ? line : line.substring(0, Character.isHighSurrogate(line.charAt(69)) ? 69 : 70) + "…";
  }

  static void add(PlanIndex.View view, List<String> terms, Map<String, Double> seeds, Set<Signal> signals, Planner.Weights weights,
      Planner.Scores scores) throws SymdexException {
    ChangeHistory history = view.history();
    LexicalIndex lexical = view.lexical();
    if (signals.contains(Signal.COMMITS)) {
      commits(view.commits(history), terms, lexical, weights.commits(), scores);
    }
    if (signals.contains(Signal.COCHANGE)) {
      Map<String, Double> co = new TreeMap<>();
      Map<String, String> via = new TreeMap<>();
      Map<String, Double> largest = new TreeMap<>();
      for (Map.Entry<String, Double> seed : seeds.entrySet()) {
        List<ChangeHistory.Partner> partners = history.partners(seed.getKey(), PARTNERS);
        if (partners.isEmpty()) {
          continue;
        }
        double heaviest = partners.get(0).weight();
        for (ChangeHistory.Partner p : partners) {
          if (lexical.contains(p.path())) {
            double lent = seed.getValue() * p.weight() / heaviest;
            co.merge(p.path(), lent, Double::sum);
            if (lent > largest.getOrDefault(p.path(), 0.0)) {
              largest.put(p.path(), lent);
              via.put(p.path(), seed.getKey());
            }
          }
        }
      }
      double best = co.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
      if (best > 0) {
        co.forEach((p, v) -> scores.add(p, Signal.COCHANGE, weights.cochange() * v / best, "changed with " + via.get(p)));
      }
    }
    if (signals.contains(Signal.RECENCY)) {
      int window = Math.min(history.commitsRead(), RECENT_COMMITS);
      for (int ago = 0; ago < window; ago++) {
        List<String> changed = history.changedAt(ago);
        if (changed.size() > ChangeHistory.CO_CHANGE_MAX_FILES) {
          continue;
        }
        double v = Math.pow(0.5, ago / HALF_LIFE);
        for (String p : changed) {
          if (lexical.contains(p)) {
            scores.add(p, Signal.RECENCY, weights.recency() * v, "changed " + ago + " commits ago"); // keeps the newest
          }
        }
      }
      for (String p : view.editedNow()) {
        scores.add(p, Signal.RECENCY, weights.recency(), "edited since the last commit or checkout");
      }
    }
  }
}
