package dev.symdex.bench.context;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.rank.FileGraph;
import dev.symdex.engine.query.rank.GraphRank;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An experiment toward Plan, not Plan: {@link Bm25Ranker}'s best {@value #SEEDS} files seed a
 * personalized PageRank over the resolved import + call graph ({@link FileGraph}, walked both ways
 * with {@code backwardWeight} {@value #BACKWARD}); a file's score is {@value #LEXICAL} × its BM25
 * (over the best) + the rest × its rank (over the best rank among the candidates). Candidates: the
 * BM25 matches and the {@value #GRAPH_TOP} best-ranked files. Fixed weights, chosen before any run
 * (never tuned on the held-out tasks). Ties go to the smaller path.
 */
final class GraphRanker implements ContextRanker {
  static final int SEEDS = 10;
  static final double LEXICAL = 0.6;
  static final double BACKWARD = 1.0;
  static final int GRAPH_TOP = 200;

  private final Bm25Ranker bm25 = new Bm25Ranker();

  @Override
  public String name() {
    return "bm25+graph";
  }

  @Override
  public Ranking rank(String task, Searcher searcher, Path root) throws SymdexException {
    List<Bm25Ranker.Scored> lexical = bm25.scored(task, searcher);
    if (lexical.isEmpty()) {
      return Ranking.of(List.of());
    }
    double bestLexical = lexical.get(0).score();
    Map<String, Double> seeds = new HashMap<>();
    for (Bm25Ranker.Scored s : lexical.subList(0, Math.min(SEEDS, lexical.size()))) {
      seeds.put(s.path(), s.score());
    }
    GraphRank.Ranks ranks = new GraphRank(new GraphRank.Params(0.85, 1e-6, 200, BACKWARD)).rank(FileGraph.build(searcher), seeds);
    Set<String> candidates = new LinkedHashSet<>();
    Map<String, Double> lexicalOf = new HashMap<>();
    for (Bm25Ranker.Scored s : lexical) {
      candidates.add(s.path());
      lexicalOf.put(s.path(), s.score() / bestLexical);
    }
    ranks.top(GRAPH_TOP).forEach(r -> candidates.add(r.path()));
    double bestRank = candidates.stream().mapToDouble(ranks::of).max().orElse(0);
    record Scored(String path, double score) {}
    List<Scored> out = new ArrayList<>();
    for (String p : candidates) {
      double graph = bestRank > 0 ? ranks.of(p) / bestRank : 0;
      out.add(new Scored(p, LEXICAL * lexicalOf.getOrDefault(p, 0.0) + (1 - LEXICAL) * graph));
    }
    out.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::path));
    return Ranking.of(out.stream().filter(s -> s.score() > 0).map(Scored::path).toList());
  }
}
