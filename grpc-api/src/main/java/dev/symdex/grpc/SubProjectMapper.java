package dev.symdex.grpc;

import dev.symdex.engine.query.explore.SubProjects;
import dev.symdex.proto.v1.SubProject;
import dev.symdex.proto.v1.SubProjectDependency;
import dev.symdex.proto.v1.SubProjectLanguage;
import java.util.List;

/** Sub-projects (see {@link SubProjects}) as ListProjects shows them. */
final class SubProjectMapper {
  private SubProjectMapper() {}

  static List<SubProject> subProjects(List<SubProjects.Summary> summaries) {
    return summaries.stream().map(SubProjectMapper::subProject).toList();
  }

  private static SubProject subProject(SubProjects.Summary s) {
    SubProject.Builder b = SubProject.newBuilder().setName(s.subProject().name()).setPath(s.subProject().path())
        .setBuildSystem(s.subProject().buildSystem()).setFiles(s.files());
    s.languages().forEach((language, files) -> b.addLanguages(SubProjectLanguage.newBuilder().setLanguage(language).setFiles(files)));
    for (SubProjects.Uses u : s.dependsOn()) {
      b.addDependsOn(SubProjectDependency.newBuilder().setName(u.subProject().name()).setPath(u.subProject().path())
          .setImports(u.imports()));
    }
    return b.build();
  }
}
