package dev.symdex.engine.resolve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What call resolution knows of the JDK's generic types, to type the result of a call on one
 * ({@code list.get(0).run()}, {@code map.values().iterator().next()}): each type's type
 * parameters, supertypes and the return types of its methods that return one of them. Nothing
 * here is a call target (the JDK is outside the tree); it only carries types along a chain.
 * Immutable; thread-safe.
 */
final class JdkTypes {
  private record Declared(List<String> params, List<String> supertypes, Map<String, String> returns) {}

  private static final Map<String, Declared> TYPES = new HashMap<>();

  static {
    declare("Iterable<T>", "", "iterator Iterator<T>; spliterator Spliterator<T>");
    declare("Collection<E>", "Iterable<E>", "stream Stream<E>; parallelStream Stream<E>");
    declare("List<E>", "Collection<E>", "get E; set E; subList List<E>; listIterator ListIterator<E>; getFirst E; getLast E;"
        + " removeFirst E; removeLast E; reversed List<E>");
    for (String l : List.of("ArrayList", "LinkedList", "Vector", "CopyOnWriteArrayList", "AbstractList", "AbstractSequentialList")) {
      declare(l + "<E>", "List<E>", "");
    }
    declare("Stack<E>", "Vector<E>", "peek E; pop E; push E");
    declare("Set<E>", "Collection<E>", "");
    declare("SortedSet<E>", "Set<E>", "first E; last E; headSet SortedSet<E>; tailSet SortedSet<E>; subSet SortedSet<E>");
    declare("NavigableSet<E>", "SortedSet<E>", "pollFirst E; pollLast E; floor E; ceiling E; lower E; higher E; descendingSet NavigableSet<E>");
    for (String s : List.of("HashSet", "LinkedHashSet", "AbstractSet", "CopyOnWriteArraySet", "EnumSet")) {
      declare(s + "<E>", "Set<E>", "");
    }
    declare("TreeSet<E>", "NavigableSet<E>", "");
    declare("ConcurrentSkipListSet<E>", "NavigableSet<E>", "");
    declare("Queue<E>", "Collection<E>", "peek E; poll E; element E");
    declare("Deque<E>", "Queue<E>", "peekFirst E; peekLast E; pollFirst E; pollLast E; pop E; getFirst E; getLast E;"
        + " removeFirst E; removeLast E; descendingIterator Iterator<E>");
    declare("BlockingQueue<E>", "Queue<E>", "take E");
    for (String q : List.of("ArrayDeque", "ConcurrentLinkedDeque", "LinkedBlockingDeque")) {
      declare(q + "<E>", "Deque<E>", "");
    }
    for (String q : List.of("PriorityQueue", "ConcurrentLinkedQueue", "AbstractQueue")) {
      declare(q + "<E>", "Queue<E>", "");
    }
    for (String q : List.of("ArrayBlockingQueue", "LinkedBlockingQueue", "PriorityBlockingQueue", "DelayQueue", "SynchronousQueue")) {
      declare(q + "<E>", "BlockingQueue<E>", "");
    }
    declare("Iterator<E>", "", "next E");
    declare("ListIterator<E>", "Iterator<E>", "previous E");
    declare("Enumeration<E>", "", "nextElement E");
    declare("Spliterator<T>", "", "trySplit Spliterator<T>");
    declare("Map<K,V>", "", "get V; put V; remove V; getOrDefault V; putIfAbsent V; computeIfAbsent V; computeIfPresent V;"
        + " compute V; merge V; replace V; keySet Set<K>; values Collection<V>; entrySet Set<Map.Entry<K,V>>");
    declare("SortedMap<K,V>", "Map<K,V>", "firstKey K; lastKey K; headMap SortedMap<K,V>; tailMap SortedMap<K,V>; subMap SortedMap<K,V>");
    declare("NavigableMap<K,V>", "SortedMap<K,V>", "firstEntry Map.Entry<K,V>; lastEntry Map.Entry<K,V>; floorKey K; ceilingKey K;"
        + " lowerKey K; higherKey K; floorEntry Map.Entry<K,V>; ceilingEntry Map.Entry<K,V>; lowerEntry Map.Entry<K,V>;"
        + " higherEntry Map.Entry<K,V>; pollFirstEntry Map.Entry<K,V>; pollLastEntry Map.Entry<K,V>;"
        + " descendingMap NavigableMap<K,V>; navigableKeySet NavigableSet<K>; descendingKeySet NavigableSet<K>");
    declare("ConcurrentMap<K,V>", "Map<K,V>", "");
    for (String m : List.of("HashMap", "LinkedHashMap", "AbstractMap", "EnumMap", "IdentityHashMap", "WeakHashMap", "Hashtable")) {
      declare(m + "<K,V>", "Map<K,V>", "");
    }
    declare("TreeMap<K,V>", "NavigableMap<K,V>", "");
    declare("ConcurrentHashMap<K,V>", "ConcurrentMap<K,V>", "");
    declare("ConcurrentSkipListMap<K,V>", "NavigableMap<K,V>", "");
    declare("Map.Entry<K,V>", "", "getKey K; getValue V; setValue V");
    declare("Entry<K,V>", "Map.Entry<K,V>", "");
    declare("Optional<T>", "", "get T; orElse T; orElseGet T; orElseThrow T; filter Optional<T>; or Optional<T>");
    declare("Stream<T>", "", "findFirst Optional<T>; findAny Optional<T>; filter Stream<T>; sorted Stream<T>; distinct Stream<T>;"
        + " limit Stream<T>; skip Stream<T>; peek Stream<T>; iterator Iterator<T>; min Optional<T>; max Optional<T>;"
        + " takeWhile Stream<T>; dropWhile Stream<T>");
    declare("Supplier<T>", "", "get T");
    declare("Callable<V>", "", "call V");
    declare("Future<V>", "", "get V; resultNow V");
    declare("CompletableFuture<T>", "Future<T>", "join T; getNow T");
    declare("FutureTask<V>", "Future<V>", "");
    declare("Function<T,R>", "", "apply R");
    declare("BiFunction<T,U,R>", "", "apply R");
    declare("UnaryOperator<T>", "Function<T,T>", "");
    declare("ThreadLocal<T>", "", "get T");
    declare("InheritableThreadLocal<T>", "ThreadLocal<T>", "");
    declare("AtomicReference<V>", "", "get V; getAndSet V; getAndUpdate V; updateAndGet V");
    declare("Reference<T>", "", "get T");
    for (String r : List.of("WeakReference", "SoftReference", "PhantomReference")) {
      declare(r + "<T>", "Reference<T>", "");
    }
    declare("Class<T>", "", "cast T; newInstance T");
    declare("Constructor<T>", "", "newInstance T");
    declare("Comparator<T>", "", "reversed Comparator<T>; thenComparing Comparator<T>");
    // Supertypes only: what overload resolution needs to tell f(CharSequence) from f(Object).
    declare("Object", "", "");
    declare("CharSequence", "", "");
    declare("Comparable<T>", "", "");
    declare("Serializable", "", "");
    declare("String", "CharSequence; Comparable<String>; Serializable", "");
    declare("StringBuilder", "CharSequence; Appendable", "");
    declare("StringBuffer", "CharSequence; Appendable", "");
    declare("Appendable", "", "");
    declare("Number", "Serializable", "");
    for (String n : List.of("Integer", "Long", "Short", "Byte", "Double", "Float", "BigInteger", "BigDecimal")) {
      declare(n, "Number; Comparable<" + n + ">", "");
    }
    declare("Boolean", "Serializable; Comparable<Boolean>", "");
    declare("Character", "Serializable; Comparable<Character>", "");
    declare("Enum<E>", "Comparable<E>; Serializable", "");
    declare("Type", "", "");
    declare("Class<T>", "Type; GenericDeclaration; AnnotatedElement; Serializable", "cast T; newInstance T");
    declare("GenericDeclaration", "AnnotatedElement", "");
    declare("AnnotatedElement", "", "");
    for (String t : List.of("ParameterizedType", "GenericArrayType", "WildcardType", "TypeVariable")) {
      declare(t, "Type", "");
    }
    declare("Throwable", "Serializable", "");
    declare("Exception", "Throwable", "");
    declare("RuntimeException", "Exception", "");
    declare("Error", "Throwable", "");
    declare("Runnable", "", "");
    declare("Thread", "Runnable", "");
    declare("Executor", "", "");
    declare("ExecutorService", "Executor", "");
    declare("ScheduledExecutorService", "ExecutorService", "");
    declare("InputStream", "Closeable", "");
    declare("OutputStream", "Closeable; Flushable", "");
    declare("Reader", "Readable; Closeable", "");
    declare("Writer", "Appendable; Closeable; Flushable", "");
    declare("Closeable", "AutoCloseable", "");
    declare("AutoCloseable", "", "");
    declare("Flushable", "", "");
    declare("Readable", "", "");
    declare("File", "Serializable; Comparable<File>", "");
    declare("Path", "Comparable<Path>; Iterable<Path>", "");
    declare("Charset", "Comparable<Charset>", "");
    declare("Iterable<T>", "", "iterator Iterator<T>; spliterator Spliterator<T>");
  }

  private JdkTypes() {}

  private static void declare(String type, String supertypes, String returns) {
    int lt = type.indexOf('<');
    String name = lt < 0 ? type : type.substring(0, lt);
    List<String> params = lt < 0 ? List.of() : List.of(type.substring(lt + 1, type.length() - 1).split(","));
    List<String> supers = supertypes.isEmpty() ? List.of() : List.of(supertypes.split(";\\s*"));
    Map<String, String> methods = new HashMap<>();
    for (String m : returns.split(";")) {
      String t = m.strip();
      if (!t.isEmpty()) {
        int space = t.indexOf(' ');
        methods.put(t.substring(0, space), t.substring(space + 1));
      }
    }
    TYPES.put(name, new Declared(params, supers, methods));
  }

  /** The JDK type's supertypes, with {@code t}'s arguments put in; empty when unknown. */
  static List<JType> supertypes(JType t) {
    Declared d = TYPES.get(t.name());
    if (d == null) {
      return List.of();
    }
    Map<String, JType> bindings = bindings(d, t);
    List<JType> out = new ArrayList<>(d.supertypes().size());
    for (String s : d.supertypes()) {
      out.add(parse(s, bindings));
    }
    return out;
  }

  /** What method {@code name} of {@code t} returns, when this table knows; else null. */
  static JType returns(JType t, String name) {
    Declared d = TYPES.get(t.name());
    String r = d == null ? null : d.returns().get(name);
    return r == null ? null : parse(r, bindings(d, t));
  }

  /** Whether the table knows the type, and so all its supertypes the table knows. */
  static boolean knows(JType t) {
    return TYPES.containsKey(t.name());
  }

  private static Map<String, JType> bindings(Declared d, JType t) {
    Map<String, JType> b = new HashMap<>();
    for (int i = 0; i < d.params().size(); i++) {
      b.put(d.params().get(i), t.arg(i));
    }
    return b;
  }

  /** A type of this table ({@code Set<Map.Entry<K,V>>}) with its variables bound. */
  private static JType parse(String written, Map<String, JType> bindings) {
    int lt = written.indexOf('<');
    String name = lt < 0 ? written : written.substring(0, lt);
    if (lt < 0) {
      JType bound = bindings.get(name);
      return bound != null ? bound : JType.external(name, List.of());
    }
    List<JType> args = new ArrayList<>();
    for (String a : WrittenTypes.typeArguments(written)) {
      args.add(parse(a, bindings));
    }
    return JType.external(name, args);
  }
}
