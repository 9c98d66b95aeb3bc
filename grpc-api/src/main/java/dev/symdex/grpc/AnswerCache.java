package dev.symdex.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whole answers of read queries, kept for the one generation they were computed at. An answer is
 * a pure function of (project, generation, request): every field of the request counts (the
 * request message is the key), and an entry made at one generation is never returned at
 * another: the first lookup or store at a newer generation of a project drops everything that
 * project had. Agents ask the same questions again and again between edits; a repeated question
 * then costs a map lookup instead of reading postings and facts.
 *
 * <p>Bounded by the serialized size of the answers it holds ({@code maxBytes}, 0 turns it off):
 * an answer larger than a sixteenth of it is not kept, and a store that would pass the bound
 * first empties that project's entries (cheap, and with one generation per project nothing older
 * is worth keeping). Only {@code pending_changes}, which moves without the generation moving, is
 * set anew on each hit. Thread-safe; a project's entries go with its backend (held weakly).
 */
final class AnswerCache {
  /** The default bound: 64 MiB of serialized answers. */
  static final long DEFAULT_MAX_BYTES = 64L << 20;

  /** An answer and the pending_changes it carries. */
  private record Entry(Message answer, long pending) {}

  /** One project's answers at one generation. */
  private static final class Slot {
    final long generation;
    final ConcurrentHashMap<Message, Entry> answers = new ConcurrentHashMap<>();
    final AtomicLong bytes = new AtomicLong();

    Slot(long generation) {
      this.generation = generation;
    }
  }

  private static final String PENDING = "pending_changes";

  private final long maxBytes;
  private final Map<IndexBackend, Slot> slots = new WeakHashMap<>();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  AnswerCache(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative");
    }
    this.maxBytes = maxBytes;
  }

  boolean enabled() {
    return maxBytes > 0;
  }

  /**
   * The answer stored for {@code request} of {@code backend} at {@code generation}, its
   * {@code pending_changes} set to {@code pending}; null when there is none.
   */
  <T extends Message> T get(IndexBackend backend, long generation, Message request, long pending) {
    if (!enabled()) {
      return null;
    }
    Slot slot = slot(backend, generation);
    Entry e = slot == null ? null : slot.answers.get(request);
    if (e == null) {
      misses.incrementAndGet();
      return null;
    }
    hits.incrementAndGet();
    @SuppressWarnings("unchecked")
    T answer = (T) e.answer();
    return e.pending() == pending ? answer : withPending(answer, pending);
  }

  /** Keeps {@code answer} to {@code request} of {@code backend} at {@code generation}. */
  void put(IndexBackend backend, long generation, Message request, Message answer) {
    if (!enabled()) {
      return;
    }
    long size = (long) answer.getSerializedSize() + request.getSerializedSize();
    if (size > maxBytes / 16) {
      return;
    }
    Slot slot = slot(backend, generation);
    if (slot == null) {
      return; // the project is already at a newer generation: this answer is old
    }
    if (slot.bytes.addAndGet(size) > maxBytes) {
      slot.answers.clear();
      slot.bytes.set(size);
    }
    FieldDescriptor f = answer.getDescriptorForType().findFieldByName(PENDING);
    long pending = f == null ? 0 : (Long) answer.getField(f);
    if (slot.answers.putIfAbsent(request, new Entry(answer, pending)) != null) {
      slot.bytes.addAndGet(-size);
    }
  }

  /**
   * Heap held by {@code backend}'s answers, estimated at four times their serialized size (the
   * messages as objects, and the requests keying them).
   */
  long heldBytes(IndexBackend backend) {
    synchronized (slots) {
      Slot s = slots.get(backend);
      return s == null ? 0 : 4 * s.bytes.get();
    }
  }

  /** Forgets every answer of {@code backend} (it is asked again from the index). */
  void release(IndexBackend backend) {
    synchronized (slots) {
      slots.remove(backend);
    }
  }

  /** Lookups answered from the cache since it was made. */
  long hits() {
    return hits.get();
  }

  /** Lookups that found nothing since it was made. */
  long misses() {
    return misses.get();
  }

  /** The slot of {@code backend} at {@code generation} (a new one for a newer generation); null for an older one. */
  private Slot slot(IndexBackend backend, long generation) {
    synchronized (slots) {
      Slot s = slots.get(backend);
      if (s == null || s.generation < generation) {
        s = new Slot(generation);
        slots.put(backend, s);
      }
      return s.generation == generation ? s : null;
    }
  }

  /** {@code answer} with its {@code pending_changes} set to {@code pending}. */
  @SuppressWarnings("unchecked")
  private static <T extends Message> T withPending(T answer, long pending) {
    FieldDescriptor f = answer.getDescriptorForType().findFieldByName(PENDING);
    return f == null ? answer : (T) answer.toBuilder().setField(f, pending).build();
  }
}
