package dev.symdex.engine.store;

import dev.symdex.engine.codec.Format;

/** The databases of an index. Layouts are in {@code engine/doc/format.md}. */
public enum Table {
  META(Format.DB_META, false),
  FILES(Format.DB_FILES, false),
  FILE_IDS(Format.DB_FILE_IDS, false),
  FACTS(Format.DB_FACTS, false),
  /** Postings: symbol name → file ids defining it (sorted duplicates). */
  DEFS(Format.DB_DEFS, true),
  /** Postings: symbol name → file ids referring to it. */
  REFS(Format.DB_REFS, true),
  /** Postings: callee name → file ids calling it. */
  CALLS(Format.DB_CALLS, true),
  /** Path → status code, for files skipped or degraded. */
  ISSUES(Format.DB_ISSUES, false),
  /** Recent git HEAD SHA → u64 sequence (larger = more recent). */
  HEADS(Format.DB_HEADS, false),
  /** Postings: git HEAD SHA → content hashes of the facts displaced while at that HEAD (kept for a switch back). */
  HEAD_FACTS(Format.DB_HEAD_FACTS, true),
  /** Postings: file id → ids of the repo files its imports resolve to. */
  IMPORTS(Format.DB_IMPORTS, true),
  /** Postings: file id → ids of the files whose imports resolve to it. */
  IMPORTERS(Format.DB_IMPORTERS, true),
  /** Postings: probe key → ids of the files whose import resolution asked that question. */
  PROBES(Format.DB_PROBES, true),
  /** Postings: file id → the probe keys its import resolution asked. */
  FILE_PROBES(Format.DB_FILE_PROBES, true),
  /** File name, NUL, hash of the path → path: files by name. */
  NAMES(Format.DB_NAMES, false),
  /** Directory name, NUL, hash of the path → path: directories (holding files) by name. */
  DIR_NAMES(Format.DB_DIR_NAMES, false);

  private final String dbName;
  private final boolean postings;

  Table(String dbName, boolean postings) {
    this.dbName = dbName;
    this.postings = postings;
  }

  public String dbName() {
    return dbName;
  }

  /** True for tables whose keys hold many sorted values (LMDB DUPSORT). */
  public boolean isPostings() {
    return postings;
  }
}
