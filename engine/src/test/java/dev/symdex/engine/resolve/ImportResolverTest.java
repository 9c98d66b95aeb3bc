package dev.symdex.engine.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.symdex.engine.model.Import;
import dev.symdex.engine.model.Language;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each import form of each language, resolved over a real tree on disk. */
class ImportResolverTest {
  @TempDir Path root;
  private ImportResolver resolver;

  @BeforeEach
  void tree() throws IOException {
    for (String f : List.of(
        "app/src/main/java/com/acme/Foo.java", "app/src/main/java/com/acme/util/Strings.java", "app/src/main/java/com/acme/Main.java",
        "lib/pkg/__init__.py", "lib/pkg/mod.py", "lib/pkg/sub/__init__.py", "lib/pkg/sub/deep.py", "lib/os.py", "lib/main.py",
        "web/src/a.ts", "web/src/b/index.tsx", "web/src/lib/helpers.ts", "web/src/app.js", "web/src/esm.ts",
        "packages/ui/src/index.ts", "packages/ui/src/button.ts",
        "svc/main.go", "svc/store/db.go", "svc/store/db_test.go", "svc/docs/README.md",
        "crate/src/lib.rs", "crate/src/util.rs", "crate/src/net/mod.rs", "crate/src/net/tcp.rs",
        "rust/alloc/lib.rs", "rust/alloc/boxed.rs", "rust/alloc/vec/mod.rs", "rust/alloc/vec/drain.rs",
        "tools/boot/lib.rs", "tools/boot/cache.rs", "tools/boot/check.rs",
        "c/src/main.c", "c/src/local.h", "c/include/proj/api.h", "c/include/linux/list.h")) {
      write(f, "");
    }
    write("web/tsconfig.json", "{ \"compilerOptions\": { \"baseUrl\": \"src\", \"paths\": { \"@lib/*\": [\"lib/*\"] } } }");
    write("packages/ui/package.json", "{ \"name\": \"@acme/ui\", \"version\": \"1.0.0\" }");
    write("svc/go.mod", "module example.com/svc\n\ngo 1.21\n");
    write("crate/Cargo.toml", "[package]\nname = \"crate\"\n");
    write("tools/boot/Cargo.toml", "[package]\nname = \"boot\"\n\n[lib]\npath = \"lib.rs\"\n");
    try (Stream<Path> s = Files.walk(root)) {
      resolver = new ImportResolver(root, s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList());
    }
  }

  private void write(String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private List<String> resolve(String from, Language l, String text) {
    return resolver.resolve(from, l, new Import(text, 1), name -> name.equals("com.acme") || name.equals("com.acme.util")
            ? List.of("app/src/main/java/" + name.replace('.', '/') + "/X.java") : List.of()).stream()
        .map(t -> t.status() == ImportTarget.Status.RESOLVED ? String.join(",", t.paths()) : t.status().name().toLowerCase())
        .toList();
  }

  @Test
  void java() {
    String from = "app/src/main/java/com/acme/Main.java";
    assertEquals(List.of("app/src/main/java/com/acme/Foo.java"), resolve(from, Language.JAVA, "com.acme.Foo"));
    assertEquals(List.of("app/src/main/java/com/acme/Foo.java"), resolve(from, Language.JAVA, "com.acme.Foo.Inner"));
    assertEquals(List.of("app/src/main/java/com/acme/util/Strings.java"), resolve(from, Language.JAVA, "static com.acme.util.Strings.join"));
    assertEquals(List.of("app/src/main/java/com/acme/util/Strings.java"), resolve(from, Language.JAVA, "com.acme.util.*"));
    assertEquals(List.of("unresolved"), resolve(from, Language.JAVA, "com.acme.Missing"));
    assertEquals(List.of("external"), resolve(from, Language.JAVA, "java.util.List"));
    assertEquals(List.of("external"), resolve(from, Language.JAVA, "static java.lang.Math.*"));
  }

  @Test
  void python() {
    String from = "lib/main.py";
    assertEquals(List.of("lib/pkg/mod.py"), resolve(from, Language.PYTHON, "import pkg.mod"));
    assertEquals(List.of("lib/pkg/sub/deep.py"), resolve(from, Language.PYTHON, "from pkg.sub import deep"));
    assertEquals(List.of("lib/pkg/sub/__init__.py"), resolve(from, Language.PYTHON, "from pkg.sub import something"));
    assertEquals(List.of("lib/os.py", "external"), resolve(from, Language.PYTHON, "import os.path, json"));
    assertEquals(List.of("lib/pkg/__init__.py"), resolve(from, Language.PYTHON, "from pkg import *"));
    assertEquals(List.of("lib/pkg/mod.py"), resolve("lib/pkg/sub/deep.py", Language.PYTHON, "from .. import mod"));
    assertEquals(List.of("lib/pkg/sub/__init__.py"), resolve("lib/pkg/sub/deep.py", Language.PYTHON, "from . import thing"));
    assertEquals(List.of("lib/pkg/__init__.py"), resolve(from, Language.PYTHON, "import pkg.missing"));
    assertEquals(List.of("external"), resolve(from, Language.PYTHON, "from __future__ import annotations"));
  }

  @Test
  void scripts() {
    assertEquals(List.of("web/src/b/index.tsx"), resolve("web/src/a.ts", Language.TYPESCRIPT, "./b"));
    assertEquals(List.of("web/src/a.ts"), resolve("web/src/b/index.tsx", Language.TSX, "../a"));
    assertEquals(List.of("web/src/a.ts"), resolve("web/src/esm.ts", Language.TYPESCRIPT, "./a.js"));
    assertEquals(List.of("web/src/lib/helpers.ts"), resolve("web/src/a.ts", Language.TYPESCRIPT, "@lib/helpers"));
    assertEquals(List.of("web/src/lib/helpers.ts"), resolve("web/src/a.ts", Language.TYPESCRIPT, "lib/helpers"));
    assertEquals(List.of("packages/ui/src/index.ts"), resolve("web/src/app.js", Language.JAVASCRIPT, "@acme/ui"));
    assertEquals(List.of("packages/ui/src/button.ts"), resolve("web/src/app.js", Language.JAVASCRIPT, "@acme/ui/button"));
    assertEquals(List.of("unresolved"), resolve("web/src/a.ts", Language.TYPESCRIPT, "./missing"));
    assertEquals(List.of("external"), resolve("web/src/a.ts", Language.TYPESCRIPT, "react"));
  }

  @Test
  void go() {
    assertEquals(List.of("svc/store/db.go"), resolve("svc/main.go", Language.GO, "example.com/svc/store"));
    assertEquals(List.of("unresolved"), resolve("svc/main.go", Language.GO, "example.com/svc/docs"), "a directory without Go files");
    assertEquals(List.of("external"), resolve("svc/main.go", Language.GO, "example.com/svc/gen"), "not checked in (generated at build time)");
    assertEquals(List.of("external"), resolve("svc/main.go", Language.GO, "fmt"));
    assertEquals(List.of("external"), resolve("svc/main.go", Language.GO, "github.com/other/pkg"));
  }

  @Test
  void rust() {
    assertEquals(List.of("crate/src/util.rs"), resolve("crate/src/lib.rs", Language.RUST, "mod util;"));
    assertEquals(List.of("crate/src/net/tcp.rs"), resolve("crate/src/net/mod.rs", Language.RUST, "pub mod tcp;"));
    assertEquals(List.of("crate/src/net/tcp.rs"), resolve("crate/src/util.rs", Language.RUST, "crate::net::tcp::Stream"));
    assertEquals(List.of("crate/src/util.rs", "crate/src/net/mod.rs"), resolve("crate/src/lib.rs", Language.RUST, "crate::{util::helper, net}"));
    assertEquals(List.of("crate/src/util.rs"), resolve("crate/src/net/tcp.rs", Language.RUST, "super::super::util::helper"));
    assertEquals(List.of("external"), resolve("crate/src/lib.rs", Language.RUST, "std::collections::HashMap"));
    assertEquals(List.of("unresolved"), resolve("crate/src/lib.rs", Language.RUST, "mod gone;"));
  }

  @Test
  void rustCrateWithoutCargoTomlIsRootedAtItsLibRs() {
    // Linux's rust/: crates built by make, each a directory with a lib.rs
    assertEquals(List.of("rust/alloc/boxed.rs"), resolve("rust/alloc/vec/drain.rs", Language.RUST, "crate::boxed::Box"));
    assertEquals(List.of("rust/alloc/vec/mod.rs"), resolve("rust/alloc/boxed.rs", Language.RUST, "crate::vec::Vec"));
  }

  @Test
  void rustCrateWhoseRootFileSitsNextToCargoToml() {
    assertEquals(List.of("tools/boot/cache.rs"), resolve("tools/boot/check.rs", Language.RUST, "crate::cache::Cache"));
  }

  @Test
  void includes() {
    assertEquals(List.of("c/src/local.h"), resolve("c/src/main.c", Language.C, "local.h"));
    assertEquals(List.of("c/include/proj/api.h"), resolve("c/src/main.c", Language.C, "proj/api.h"));
    assertEquals(List.of("c/include/linux/list.h"), resolve("c/src/main.c", Language.C, "<linux/list.h>"));
    assertEquals(List.of("external"), resolve("c/src/main.c", Language.C, "<stdio.h>"));
    assertEquals(List.of("external"), resolve("c/src/main.c", Language.C, "zlib.h"));
    assertEquals(List.of("unresolved"), resolve("c/src/main.c", Language.C, "other/api.h"));
  }

  @Test
  void rustUseGroupsExpand() {
    assertEquals(List.of("a::b", "a::c::d", "a::c::e", "a"), RustImports.expand("a::{b, c::{d, e}, self}"));
  }
}
