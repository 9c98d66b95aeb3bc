package dev.symdex.watcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The {@code index} lines {@link IndexArgs} reads without picocli mean what picocli makes of them,
 * and the lines it leaves to picocli are those picocli must explain or that it does not read.
 */
class IndexArgsTest {
  /** Every field of the command, as one comparable string. */
  private static String fields(DaemonMain.Index i) {
    return List.of(String.valueOf(i.root), String.valueOf(i.dataDir), String.valueOf(i.json), String.valueOf(i.warm),
        String.valueOf(i.defsTsv), String.valueOf(i.importsTsv), String.valueOf(i.graphTsv), String.valueOf(i.callsTsv),
        String.valueOf(i.filesTsv), String.valueOf(i.noErrorRecovery), String.valueOf(i.noSeed), String.valueOf(i.threads), String.valueOf(i.maxFileBytes),
        String.valueOf(i.factsBudgetMb)).toString();
  }

  private static DaemonMain.Index picocli(String... args) {
    CommandLine cl = new CommandLine(new DaemonMain());
    CommandLine.ParseResult r = cl.parseArgs(args);
    return (DaemonMain.Index) r.subcommand().commandSpec().userObject();
  }

  @Test
  void readsCommonLinesAsPicocliDoes() {
    String[][] lines = {
        {"index", "/tmp/tree"},
        {"index", "tree", "--data-dir", "/tmp/data"},
        {"index", "--data-dir=/tmp/data", "tree", "--json"},
        {"index", "tree", "--no-seed", "--data-dir", "d"},
        {"index", "tree", "--warm", "--threads", "3", "--max-file-bytes=1048576", "--facts-budget-mb", "7"},
        {"index", "tree", "--no-error-recovery", "--defs-tsv", "d.tsv", "--imports-tsv=i.tsv", "--graph-tsv", "g.tsv",
            "--calls-tsv", "c.tsv", "--files-tsv", "f.tsv", "--data-dir", "data"},
    };
    for (String[] line : lines) {
      Optional<DaemonMain.Index> quick = IndexArgs.parse(line);
      assertTrue(quick.isPresent(), String.join(" ", line));
      assertEquals(fields(picocli(line)), fields(quick.get()), String.join(" ", line));
    }
  }

  @Test
  void leavesToPicocliWhatItMustExplainOrDoesNotRead() {
    String[][] lines = {
        {"index"}, {"serve", "--root", "x"}, {"stop"}, {"index", "--help"}, {"index", "-h"}, {"index", "tree", "-V"},
        {"index", "a", "b"}, {"index", "tree", "--bogus"}, {"index", "tree", "--threads"}, {"index", "tree", "--threads", "x"},
        {"index", "tree", "--threads", "-1"}, {"index", "tree", "--threads=0x10"}, {"index", "tree", "--json=true"},
        {"index", "tree", "--json", "--json"}, {"index", "tree", "--no-seed=false"}, {"index", "tree", "--data-dir", "--json"}, {"index", "--json"}, {"index", ""},
    };
    for (String[] line : lines) {
      assertEquals(Optional.empty(), IndexArgs.parse(line), String.join(" ", line));
    }
  }
}
