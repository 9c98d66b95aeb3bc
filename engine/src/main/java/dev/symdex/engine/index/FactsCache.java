package dev.symdex.engine.index;

import dev.symdex.engine.SymdexException;
import dev.symdex.engine.codec.FactsView;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Row-indexed views ({@link FactsView#indexed}) of the large facts values queries read, least
 * recently used dropped first past {@code maxBytes}. A lookup in a file with tens of thousands of
 * rows would otherwise walk them all on every query. Facts are stored by content hash (and
 * extractor version, fixed for a process), so a view never goes stale: an edited file has another
 * hash. Values under {@link #MIN_BYTES} are cheap to walk and are not kept. Thread-safe (the
 * views it holds are immutable).
 */
final class FactsCache {
  /** Values smaller than this are read afresh each time. */
  static final int MIN_BYTES = 16 << 10;
  /** The default bound on what the cache holds (values and row indexes). */
  static final long DEFAULT_MAX_BYTES = 64L << 20;

  /** Reads a facts value (from the store) when the cache does not have its view. */
  interface Loader {
    byte[] load() throws SymdexException.CorruptIndex;
  }

  private final long maxBytes;
  private final LinkedHashMap<Long, FactsView> views = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  FactsCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The view of the facts with content hash {@code hash}: kept and indexed when large, read afresh when small. */
  FactsView view(long hash, Loader loader) throws SymdexException.CorruptIndex {
    synchronized (this) {
      FactsView v = views.get(hash);
      if (v != null) {
        return v;
      }
    }
    byte[] value = loader.load();
    if (value.length < MIN_BYTES || maxBytes <= 0) {
      return FactsView.of(value);
    }
    FactsView v = FactsView.indexed(value); // outside the lock: O(value)
    long w = v.weight();
    if (w > maxBytes / 4) {
      return v;
    }
    synchronized (this) {
      if (views.putIfAbsent(hash, v) == null) {
        bytes += w;
        for (Iterator<Map.Entry<Long, FactsView>> it = views.entrySet().iterator(); bytes > maxBytes && it.hasNext(); ) {
          bytes -= it.next().getValue().weight();
          it.remove();
        }
      }
    }
    return v;
  }

  /** Drops every view held (readers holding one keep it). */
  synchronized void clear() {
    views.clear();
    bytes = 0;
  }

  /** Bytes held now. */
  synchronized long bytes() {
    return bytes;
  }
}
