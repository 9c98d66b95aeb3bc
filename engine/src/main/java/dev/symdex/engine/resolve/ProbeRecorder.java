package dev.symdex.engine.resolve;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.openhft.hashing.LongHashFunction;

/**
 * Records what import resolution read of the repo, as probe keys: each question asked of
 * {@link RepoFiles} or {@link ImportResolver.Definitions} is named by a 64-bit key whose answer
 * can only change when a file comes or goes, a directory appears or empties, or a file starts or
 * stops defining a name. A resolved import whose probe keys none of a change's
 * {@link #fileTriggers trigger keys} match resolves exactly as before (Skyframe's declared
 * dependencies, in small): that is what makes the import graph's cascade exact and
 * O(changed files + affected importers).
 *
 * <p>Keys are hashes (xxh3 of a kind letter and a path or name): a collision only makes a file
 * be resolved again needlessly, never skipped. Not thread-safe: one recorder per resolution.
 */
public final class ProbeRecorder {
  private static final LongHashFunction HASH = LongHashFunction.xx3();

  private final Set<Long> keys = new HashSet<>();

  /** The probe keys recorded so far. */
  public Set<Long> keys() {
    return keys;
  }

  /** {@code files}, with every question asked of it recorded. */
  public RepoFiles watching(RepoFiles files) {
    return new RepoFiles() {
      @Override
      public boolean exists(String path) {
        keys.add(key('f', path));
        return files.exists(path);
      }

      @Override
      public boolean isDirectory(String dir) {
        if (!dir.isEmpty()) {
          keys.add(key('d', dir));
        }
        return files.isDirectory(dir);
      }

      @Override
      public List<String> filesIn(String dir) {
        keys.add(key('i', dir));
        return files.filesIn(dir);
      }

      @Override
      public List<String> withSuffix(String suffix) {
        keys.add(suffixKey('n', suffix));
        return files.withSuffix(suffix);
      }

      @Override
      public List<String> dirsWithSuffix(String suffix) {
        keys.add(suffixKey('m', suffix));
        return files.dirsWithSuffix(suffix);
      }
    };
  }

  /** {@code definitions}, with every name asked for recorded. */
  public ImportResolver.Definitions watching(ImportResolver.Definitions definitions) {
    return new ImportResolver.Definitions() {
      @Override
      public List<String> filesDefining(String name) {
        keys.add(key('s', name));
        return definitions.filesDefining(name);
      }

      @Override
      public boolean defines(String path, String name) {
        keys.add(definesKey(path, name));
        return definitions.defines(path, name);
      }

      @Override
      public List<String> filesNamedDefining(String fileName, String name) {
        keys.add(namedDefinesKey(fileName, name));
        return definitions.filesNamedDefining(fileName, name);
      }
    };
  }

  /**
   * Keys whose answers change when file {@code path} is added or removed: whether it exists,
   * what its directory holds, which files bear its name. Directories it creates or empties add
   * {@link #directoryTriggers}.
   */
  public static long[] fileTriggers(String path) {
    return new long[] {key('f', path), key('i', RepoFiles.parent(path)), key('n', RepoFiles.name(path)), suffixKey('n', path)};
  }

  /** Keys whose answers change when directory {@code dir} comes to hold its first file or loses its last. */
  public static long[] directoryTriggers(String dir) {
    return new long[] {key('d', dir), key('m', RepoFiles.name(dir)), suffixKey('m', dir)};
  }

  /**
   * Keys whose answers change when file {@code path} starts or stops defining {@code name}: which
   * files define the name, whether this one does, which files of this one's name do.
   */
  public static long[] definitionTriggers(String path, String name) {
    return new long[] {key('s', name), definesKey(path, name), namedDefinesKey(RepoFiles.name(path), name)};
  }

  /** The key of "does file {@code path} define {@code name}" (a NUL separates them: neither holds one). */
  private static long definesKey(String path, String name) {
    return key('t', path + '\0' + name);
  }

  /** The key of "which files named {@code fileName} define {@code name}". */
  private static long namedDefinesKey(String fileName, String name) {
    return key('u', fileName + '\0' + name);
  }

  /**
   * The key of a by-suffix question: by the last two segments when the suffix has two or more
   * (a file answering {@code a/b/__init__.py} has those two last segments — so adding some other
   * {@code __init__.py} does not re-resolve every Python file), by the name alone otherwise.
   * A path's triggers include both forms.
   */
  private static long suffixKey(char kind, String suffix) {
    int last = suffix.lastIndexOf('/');
    if (last < 0) {
      return key(kind, suffix);
    }
    int before = suffix.lastIndexOf('/', last - 1);
    return key(Character.toUpperCase(kind), suffix.substring(before + 1));
  }

  private static long key(char kind, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] k = new byte[b.length + 1];
    k[0] = (byte) kind;
    System.arraycopy(b, 0, k, 1, b.length);
    return HASH.hashBytes(k);
  }
}
