package dev.symdex.grpc;

import dev.symdex.engine.query.Searcher;
import dev.symdex.engine.query.explore.ExploreMap;
import dev.symdex.engine.query.explore.ExploreText;
import dev.symdex.engine.query.explore.Section;
import dev.symdex.engine.query.explore.TextBudget;
import dev.symdex.proto.v1.DefinitionDelta;
import dev.symdex.proto.v1.ExploreApiDefinition;
import dev.symdex.proto.v1.ExploreApiFile;
import dev.symdex.proto.v1.ExploreBuildSystem;
import dev.symdex.proto.v1.ExploreChanges;
import dev.symdex.proto.v1.ExploreDependency;
import dev.symdex.proto.v1.ExploreEntryPoint;
import dev.symdex.proto.v1.ExploreLanguage;
import dev.symdex.proto.v1.ExploreManifest;
import dev.symdex.proto.v1.ExploreModule;
import dev.symdex.proto.v1.ExploreModuleApi;
import dev.symdex.proto.v1.ExploreResponse;
import dev.symdex.proto.v1.ExploreSection;
import dev.symdex.proto.v1.ExploreTestedFile;
import dev.symdex.proto.v1.ExploreTypeEdge;
import dev.symdex.proto.v1.FileDelta;

/** Converts an {@link ExploreMap} to its {@code symdex.v1} message. Stateless. */
final class ExploreMapper {
  private ExploreMapper() {}

  /** The response for {@code map}, its text cut to {@code tokenBudget} tokens (0: not cut). */
  static ExploreResponse response(Searcher s, ExploreMap map, int tokenBudget, long pending) {
    ExploreMap.Identity id = map.identity();
    TextBudget.Fitted text = ExploreText.render(map, tokenBudget);
    ExploreResponse.Builder b = ExploreResponse.newBuilder().setHead(s.head()).setGeneration(s.generation())
        .setPendingChanges(pending).setFocus(map.focus()).setDetail(map.detail().level())
        .setText(text.text()).setTextTokens(text.tokens()).setTextCut(text.cut()).addAllNotes(map.notes())
        .setFiles(id.files()).setBytes(id.bytes())
        .setLanguagesSection(section(id.byFiles())).setBuildSystemsSection(section(id.buildSystems()))
        .setEntryPointsSection(section(map.entryPoints())).setManifestsSection(section(map.manifests()))
        .setTestedFilesSection(section(map.tests().tested())).setUnmatchedTestsSection(section(map.tests().unmatched()))
        .setModulesSection(section(map.modules())).setApiSection(section(map.api()))
        .setTypeEdgesSection(section(map.types().edges())).setTypeFilesRead(map.types().filesRead())
        .setTypeFilesTotal(map.types().filesTotal()).setChangesUnavailable(map.changes().unavailable());
    for (ExploreMap.LanguageShare l : id.byFiles().items()) {
      b.addLanguages(ExploreLanguage.newBuilder().setLanguage(l.language()).setFiles(l.files()).setBytes(l.bytes()));
    }
    for (ExploreMap.BuildSystem bs : id.buildSystems().items()) {
      b.addBuildSystems(ExploreBuildSystem.newBuilder().setName(bs.name()).addAllPaths(bs.paths()));
    }
    for (ExploreMap.EntryPoint e : map.entryPoints().items()) {
      b.addEntryPoints(ExploreEntryPoint.newBuilder().setPath(e.path()).setLine(e.line()).setKind(e.kind()).setWhy(e.why()));
    }
    for (ExploreMap.Module m : map.modules().items()) {
      b.addModules(ExploreModule.newBuilder().setPath(m.path()).setKind(m.kind()).setFiles(m.files()).addAllLanguages(m.languages())
          .setCentrality(m.centrality()));
    }
    for (ExploreMap.ModuleApi m : map.api().items()) {
      b.addApi(moduleApi(m));
    }
    for (ExploreMap.TypeEdge e : map.types().edges().items()) {
      b.addTypeEdges(ExploreTypeEdge.newBuilder().setPath(e.path()).setLine(e.line()).setType(e.type()).setRelation(e.relation())
          .setSupertype(e.supertype()).setSupertypePath(e.supertypePath()));
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
    map.changes().uncommitted().ifPresent(c -> b.setUncommitted(changes(c)));
    map.changes().since().ifPresent(c -> b.setSinceChanges(changes(c)));
    return b.build();
  }

  private static ExploreModuleApi moduleApi(ExploreMap.ModuleApi m) {
    ExploreModuleApi.Builder mb = ExploreModuleApi.newBuilder().setModule(m.module()).setFilesSection(section(m.files()));
    for (ExploreMap.FileApi f : m.files().items()) {
      ExploreApiFile.Builder fb = ExploreApiFile.newBuilder().setPath(f.path()).setCentrality(f.centrality())
          .setDefinitionsSection(section(f.definitions()));
      for (ExploreMap.ApiDefinition d : f.definitions().items()) {
        fb.addDefinitions(ExploreApiDefinition.newBuilder().setName(d.name()).setKind(d.kind()).setLine(d.line()).setSignature(d.signature()));
      }
      mb.addFiles(fb);
    }
    return mb.build();
  }

  private static ExploreChanges changes(ExploreMap.Changes c) {
    ExploreChanges.Builder b = ExploreChanges.newBuilder().setRevision(c.revision()).setCommit(c.commit())
        .setFilesSection(section(c.files())).setDefinitionsSection(section(c.definitions())).setMore(c.more());
    for (var f : c.files().items()) {
      b.addFiles(FileDelta.newBuilder().setPath(f.path()).setChange(f.change().label()));
    }
    for (var x : c.definitions().items()) {
      b.addDefinitions(DefinitionDelta.newBuilder().setPath(x.path()).setName(x.name()).setKind(x.kind())
          .setContainer(x.container()).setLine(x.line()).setChange(x.change().label()));
    }
    return b.build();
  }

  private static ExploreSection section(Section<?> s) {
    return ExploreSection.newBuilder().setShown(s.shown()).setTotal(s.total()).setTruncated(s.truncated()).build();
  }
}
