package dev.symdex.grpc;

import dev.symdex.engine.query.Searcher;

import dev.symdex.engine.EngineOptions;
import dev.symdex.engine.SymdexException;
import dev.symdex.engine.index.ApplyResult;
import dev.symdex.engine.index.ChangeSet;
import dev.symdex.engine.index.Engine;
import dev.symdex.engine.index.IndexSnapshot;
import dev.symdex.engine.index.ProgressListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real backend without a watcher: a real engine on a real LMDB dir, whose sync barrier
 * reconciles the whole tree (which sees every change made before the call).
 */
final class EngineBackend implements IndexBackend, AutoCloseable {
  final Engine engine;
  private final ChangeFeed feed = new ChangeFeed();

  EngineBackend(Path root, Path indexDir) throws SymdexException, InterruptedException {
    this.engine = Engine.open(root, indexDir, EngineOptions.DEFAULTS);
    engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
  }

  @Override
  public Searcher searcher() throws SymdexException {
    return Searcher.open(engine);
  }

  @Override
  public SyncResult sync(Duration timeout) throws SymdexException, InterruptedException {
    ApplyResult r = engine.apply(ChangeSet.everything(), Runnable::run, ProgressListener.NONE);
    feed.publish(r);
    return new SyncResult(r.generation(), r.head(), 0, 0);
  }

  @Override
  public ChangeFeed changes() {
    return feed;
  }

  @Override
  public RuntimeStatus runtimeStatus() {
    return new RuntimeStatus(engine.root().toString(), "", "serving", "", engine.filesParsed(), 0, 0, 0, engine.sizeOnDisk(), 0, 0, 0, List.of());
  }

  @Override
  public void close() {
    engine.close();
  }
}
