package dev.symdex.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.symdex.proto.v1.ListProjectsRequest;
import dev.symdex.proto.v1.ListProjectsResponse;
import dev.symdex.proto.v1.Project;
import dev.symdex.proto.v1.SymdexServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link ProjectScope} for the full CLI: sets a request's project and path fields as the current
 * directory and {@code --project} mean them, asking the daemon's ListProjects when the data dir's
 * files do not tell. Stateless.
 */
final class FullScope {
  private FullScope() {}

  /**
   * {@code request} with its project and paths resolved; unchanged when it has no project field.
   *
   * @param connect the {@code --connect} value, or null
   * @param dataDir the {@code --data-dir} value, or null
   * @throws IllegalArgumentException for a project nothing or several match, or a path outside it
   */
  static Message apply(Message request, Target target, String connect, Path dataDir, Path cwd) {
    Descriptor d = request.getDescriptorForType();
    FieldDescriptor project = d.findFieldByName("project");
    if (project == null || project.getJavaType() != FieldDescriptor.JavaType.STRING) {
      return request;
    }
    Map<String, String> paths = new LinkedHashMap<>();
    for (String name : ProjectScope.PATH_FIELDS) {
      FieldDescriptor f = d.findFieldByName(name);
      if (f != null && f.getJavaType() == FieldDescriptor.JavaType.STRING && !f.isRepeated()) {
        paths.put(name, (String) request.getField(f));
      }
    }
    ProjectScope.Source source = new ProjectScope.Source() {
      @Override
      public List<ProjectScope.Known> roots() {
        return ProjectScope.dataDirRoots(connect, dataDir);
      }

      @Override
      public List<ProjectScope.Known> withIds() {
        return list(target);
      }
    };
    ProjectScope.Resolved r = ProjectScope.resolve((String) request.getField(project), paths, cwd,
        !d.getName().equals(ProjectScope.NO_CWD_DEFAULT), source);
    Message.Builder b = request.toBuilder().setField(project, r.project());
    for (Map.Entry<String, String> e : r.paths().entrySet()) {
      b.setField(d.findFieldByName(e.getKey()), e.getValue());
    }
    return b.build();
  }

  /** The daemon's projects, or null when it cannot say (no daemon, an older one, a refusal). */
  private static List<ProjectScope.Known> list(Target target) {
    if (!target.mayAnswer()) {
      return null;
    }
    ManagedChannel channel = target.open();
    try {
      ListProjectsResponse r = SymdexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .listProjects(ListProjectsRequest.getDefaultInstance());
      List<ProjectScope.Known> out = new ArrayList<>();
      for (Project p : r.getProjectsList()) {
        out.add(new ProjectScope.Known(p.getId(), Path.of(p.getRoot()).normalize(), p.getIsDefault()));
      }
      return out;
    } catch (StatusRuntimeException e) {
      return null;
    } finally {
      channel.shutdownNow();
    }
  }
}
