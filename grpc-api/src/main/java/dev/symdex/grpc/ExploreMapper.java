package dev.symdex.grpc;

import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.explore.ExploreMap;
import dev.symdex.engine.query.explore.ExploreText;
import dev.symdex.engine.query.explore.Section;
import dev.symdex.proto.v1.ExploreBuildSystem;
import dev.symdex.proto.v1.ExploreDependency;
import dev.symdex.proto.v1.ExploreEntryPoint;
import dev.symdex.proto.v1.ExploreLanguage;
import dev.symdex.proto.v1.ExploreManifest;
import dev.symdex.proto.v1.ExploreResponse;
import dev.symdex.proto.v1.ExploreSection;
import dev.symdex.proto.v1.ExploreTestedFile;

/** Converts an {@link ExploreMap} to its {@code symdex.v1} message. Stateless. */
final class ExploreMapper {
  private ExploreMapper() {}

  static ExploreResponse response(Searcher s, ExploreMap map, long pending) {
    ExploreMap.Identity id = map.identity();
    ExploreResponse.Builder b = ExploreResponse.newBuilder().setHead(s.head()).setGeneration(s.generation())
        .setPendingChanges(pending).setFocus(map.focus()).setText(ExploreText.render(map))
        .setFiles(id.files()).setBytes(id.bytes())
        .setLanguagesSection(section(id.byFiles())).setBuildSystemsSection(section(id.buildSystems()))
        .setEntryPointsSection(section(map.entryPoints())).setManifestsSection(section(map.manifests()))
        .setTestedFilesSection(section(map.tests().tested())).setUnmatchedTestsSection(section(map.tests().unmatched()));
    for (ExploreMap.LanguageShare l : id.byFiles().items()) {
      b.addLanguages(ExploreLanguage.newBuilder().setLanguage(l.language()).setFiles(l.files()).setBytes(l.bytes()));
    }
    for (ExploreMap.BuildSystem bs : id.buildSystems().items()) {
      b.addBuildSystems(ExploreBuildSystem.newBuilder().setName(bs.name()).addAllPaths(bs.paths()));
    }
    for (ExploreMap.EntryPoint e : map.entryPoints().items()) {
      b.addEntryPoints(ExploreEntryPoint.newBuilder().setPath(e.path()).setLine(e.line()).setKind(e.kind()).setWhy(e.why()));
    }
    for (ExploreMap.Manifest m : map.manifests().items()) {
      ExploreManifest.Builder mb = ExploreManifest.newBuilder().setPath(m.path()).setKind(m.kind()).setName(m.name())
          .setDependenciesSection(section(m.dependencies())).addAllWorkspaces(m.workspaces()).setSkipped(m.skipped());
      for (ExploreMap.Dependency d : m.dependencies().items()) {
        mb.addDependencies(ExploreDependency.newBuilder().setName(d.name()).setVersion(d.version()).setScope(d.scope()));
      }
      b.addManifests(mb);
    }
    for (ExploreMap.TestedFile t : map.tests().tested().items()) {
      b.addTestedFiles(ExploreTestedFile.newBuilder().setPath(t.path()).addAllTests(t.tests().items())
          .setTestsSection(section(t.tests())));
    }
    b.addAllUnmatchedTests(map.tests().unmatched().items());
    return b.build();
  }

  private static ExploreSection section(Section<?> s) {
    return ExploreSection.newBuilder().setShown(s.shown()).setTotal(s.total()).setTruncated(s.truncated()).build();
  }
}
