package dev.symdex.cli;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo.Location;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Leading comments of the API's messages, fields and methods, read from the descriptor set the
 * proto module puts in its jar ({@code symdex/v1/symdex.protoset}). They become the CLI's help.
 * Immutable after construction.
 */
final class ProtoDocs {
  private final Map<String, String> comments = new HashMap<>();

  /** Loads the comments; an absent descriptor set leaves every comment empty. */
  static ProtoDocs load() {
    ProtoDocs docs = new ProtoDocs();
    try (InputStream in = ProtoDocs.class.getResourceAsStream("/symdex/v1/symdex.protoset")) {
      if (in != null) {
        for (FileDescriptorProto f : FileDescriptorSet.parseFrom(in).getFileList()) {
          docs.index(f);
        }
      }
    } catch (IOException e) {
      // help text only: go on without it
    }
    return docs;
  }

  /** Comment of a method ({@code Service.Method}), message ({@code Message}) or field ({@code Message.field}). */
  String of(String key) {
    return comments.getOrDefault(key, "");
  }

  private void index(FileDescriptorProto f) {
    for (Location loc : f.getSourceCodeInfo().getLocationList()) {
      String text = loc.getLeadingComments().strip().replaceAll("\\s*\\n\\s*", " ");
      if (text.isEmpty()) {
        continue;
      }
      String key = keyOf(f, loc.getPathList());
      if (key != null) {
        comments.put(key, text);
      }
    }
  }

  // Paths: [4, msg] message, [4, msg, 2, field] field, [6, svc, 2, method] method.
  private static String keyOf(FileDescriptorProto f, List<Integer> path) {
    if (path.size() == 2 && path.get(0) == 4) {
      return f.getMessageType(path.get(1)).getName();
    }
    if (path.size() == 4 && path.get(0) == 4 && path.get(2) == 2) {
      var m = f.getMessageType(path.get(1));
      return m.getName() + "." + m.getField(path.get(3)).getName();
    }
    if (path.size() == 4 && path.get(0) == 6 && path.get(2) == 2) {
      var s = f.getService(path.get(1));
      return s.getName() + "." + s.getMethod(path.get(3)).getName();
    }
    return null;
  }
}
