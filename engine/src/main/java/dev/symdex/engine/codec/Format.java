package dev.symdex.engine.codec;

/**
 * The on-disk format of a symdex index: magic, versions and database names. The layout of every
 * key and value is described in {@code engine/doc/format.md}; only classes of this package write
 * or read those bytes.
 *
 * <p>Version history (bump {@link #VERSION_CURRENT} for any change in key or value layout, add a
 * line here and in format.md):
 *
 * <ul>
 *   <li>1 — first format: meta, files, fileids, facts, defs, refs, calls, issues.
 *   <li>2 — facts: definition visibility, reference kinds; more languages and kinds.
 *   <li>3 — heads, headfacts: the facts each recent git HEAD left behind are kept (a branch switch
 *       back parses nothing). A format 2 index is read and upgraded in place (the new tables start
 *       empty).
 *   <li>4 — the resolved import graph is stored: imports, importers (edges both ways), probes and
 *       fileprobes (what resolving each file's imports read, for an exact cascade), names and
 *       dirnames (files and directories by name, for resolving over the store). A format 2 or 3
 *       index is upgraded in place: names are filled from the files table, the graph is built by
 *       the next apply.
 *   <li>5 — facts: containers stored once each as a tree (parent, segment), a definition names its
 *       container by id (a dotted name per definition grew as the square of the nesting depth).
 *       Every value of every table ends with a CRC-32C of its key and bytes ({@link ValueSeal}):
 *       a damaged value reads as CorruptIndex (postings values are 8 bytes). Issues carry a
 *       detail. A format 4 index is rebuilt: its facts are in the old layout, its values unsealed.
 *   <li>6 — facts (value version 4): a type-facts section after the imports (declared types,
 *       parameters, supertypes and type parameters of definitions; local variables; anonymous
 *       class bodies; each call's argument count and receiver call), for resolving calls by the
 *       receiver's type. A format 5 index is rebuilt.
 * </ul>
 */
public final class Format {
  /** First bytes of the format record: "SDX1" would be a version, this is the product. */
  public static final int MAGIC = 0x5344_5831; // "SDX1"

  /** Format written by this build. */
  public static final int VERSION_CURRENT = 6;

  /** Oldest format this build can read (older ones are rebuilt). */
  public static final int VERSION_MIN_READ = 6;

  /** Version byte at the head of every facts value. */
  static final int FACTS_VALUE_VERSION = 4;

  /** Version byte at the head of every file-state value. */
  static final int FILE_STATE_VALUE_VERSION = 1;

  /** Longest key LMDB accepts in its default build is 511 bytes; we stay under it. */
  public static final int MAX_KEY_BYTES = 500;

  // Database names.
  public static final String DB_META = "meta";
  public static final String DB_FILES = "files";
  public static final String DB_FILE_IDS = "fileids";
  public static final String DB_FACTS = "facts";
  public static final String DB_DEFS = "defs";
  public static final String DB_REFS = "refs";
  public static final String DB_CALLS = "calls";
  public static final String DB_ISSUES = "issues";
  public static final String DB_HEADS = "heads";
  public static final String DB_HEAD_FACTS = "headfacts";
  public static final String DB_IMPORTS = "imports";
  public static final String DB_IMPORTERS = "importers";
  public static final String DB_PROBES = "probes";
  public static final String DB_FILE_PROBES = "fileprobes";
  public static final String DB_NAMES = "names";
  public static final String DB_DIR_NAMES = "dirnames";

  private Format() {}
}
