package dev.symdex.engine.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.symdex.engine.extract.FactExtractor;
import dev.symdex.engine.model.FileFacts;
import dev.symdex.engine.model.Import;
import dev.symdex.engine.model.Language;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each import form of each language, resolved over a real tree on disk, with the definitions the
 * real extractor finds in its files (Java packages are definitions of kind module).
 */
class ImportResolverTest {
  private static final FactExtractor EXTRACTOR = new FactExtractor(5_000);

  @TempDir Path root;
  private ImportResolver resolver;
  private final Map<String, FileFacts> facts = new HashMap<>();
  private final Map<String, TreeSet<String>> defining = new HashMap<>();

  @BeforeEach
  void tree() throws IOException {
    for (String f : List.of(
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
    String app = "app/src/main/java/com/acme/";
    write(app + "Foo.java", "package com.acme;\npublic class Foo {\n  public static class Inner {}\n}\nclass Helper {}\n");
    write(app + "util/Strings.java", "package com.acme.util;\npublic final class Strings { public static String join() { return \"\"; } }\n");
    write(app + "Main.java", "package com.acme;\nimport com.acme.util.Strings;\npublic class Main {}\n");
    write("web/tsconfig.json", "{ \"compilerOptions\": { \"baseUrl\": \"src\", \"paths\": { \"@lib/*\": [\"lib/*\"] } } }");
    write("packages/ui/package.json", "{ \"name\": \"@acme/ui\", \"version\": \"1.0.0\" }");
    write("svc/go.mod", "module example.com/svc\n\ngo 1.21\n");
    write("crate/Cargo.toml", "[package]\nname = \"crate\"\n");
    write("tools/boot/Cargo.toml", "[package]\nname = \"boot\"\n\n[lib]\npath = \"lib.rs\"\n");
  }

  private void write(String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    resolver = null;
  }

  /** The resolver and the definitions over the tree as it is now (files read, Java facts extracted). */
  private ImportResolver resolver() throws IOException {
    if (resolver == null) {
      facts.clear();
      defining.clear();
      List<String> paths;
      try (Stream<Path> s = Files.walk(root)) {
        paths = s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
      }
      for (String p : paths) {
        if (p.endsWith(".java") || p.endsWith(".py")) {
          Language l = p.endsWith(".java") ? Language.JAVA : Language.PYTHON;
          FileFacts f = EXTRACTOR.extract(l, Files.readAllBytes(root.resolve(p))).facts().orElseThrow();
          facts.put(p, f);
          f.definitionNames().forEach(n -> defining.computeIfAbsent(n, k -> new TreeSet<>()).add(p));
        }
      }
      resolver = new ImportResolver(root, paths);
    }
    return resolver;
  }

  private final ImportResolver.Definitions definitions = name -> new ArrayList<>(defining.getOrDefault(name, new TreeSet<>()));

  private List<String> resolve(String from, Language l, String text) throws IOException {
    return resolver().resolve(from, l, new Import(text, 1), definitions).stream()
        .map(t -> t.status() == ImportTarget.Status.RESOLVED ? String.join(",", t.paths()) : t.status().name().toLowerCase(Locale.ROOT))
        .toList();
  }

  private List<String> uses(String from) throws IOException {
    return resolver().uses(from, facts.get(from), definitions);
  }

  @Test
  void java() throws IOException {
    String from = "app/src/main/java/com/acme/Main.java";
    assertEquals(List.of("app/src/main/java/com/acme/Foo.java"), resolve(from, Language.JAVA, "com.acme.Foo"));
    assertEquals(List.of("app/src/main/java/com/acme/Foo.java"), resolve(from, Language.JAVA, "com.acme.Foo.Inner"));
    assertEquals(List.of("app/src/main/java/com/acme/util/Strings.java"), resolve(from, Language.JAVA, "static com.acme.util.Strings.join"));
    assertEquals(List.of("app/src/main/java/com/acme/util/Strings.java"), resolve(from, Language.JAVA, "com.acme.util.*"));
    assertEquals(List.of("unresolved"), resolve(from, Language.JAVA, "com.acme.Missing"));
    assertEquals(List.of("external"), resolve(from, Language.JAVA, "java.util.List"));
    assertEquals(List.of("external"), resolve(from, Language.JAVA, "static java.lang.Math.*"));
  }

  /** Issue 11 item 3: a file whose path ends like the import, but whose package differs, is not it. */
  @Test
  void javaResolvesByDeclaredPackageNotByPath() throws IOException {
    write("res/acme/Mixin.java", "package acme;\npublic class Mixin {}\n");
    write("res/generated/acme/Mixin.java", "package generated.acme;\npublic class Mixin {}\n");
    write("res/generated/acme/Sub.java", "package generated.acme;\nimport acme.Mixin;\npublic class Sub {}\n");
    assertEquals(List.of("res/acme/Mixin.java"), resolve("res/generated/acme/Sub.java", Language.JAVA, "acme.Mixin"),
        "the nearer generated/acme/Mixin.java declares package generated.acme");
    assertEquals(List.of("res/generated/acme/Mixin.java"), resolve("res/acme/Mixin.java", Language.JAVA, "generated.acme.Mixin"));
    write("misc/Stuff.java", "package com.acme.util;\npublic class Stuff {}\n"); // its directory says nothing
    assertEquals(List.of("misc/Stuff.java"), resolve("res/acme/Mixin.java", Language.JAVA, "com.acme.util.Stuff"));
    assertEquals(List.of("misc/Stuff.java"), resolve("res/acme/Mixin.java", Language.JAVA, "static com.acme.util.Stuff.*"));
    assertEquals(List.of("misc/Stuff.java"), resolve("misc/Other.java", Language.JAVA, "com.acme.util.*"),
        "the files declaring the package, nearest first");
  }

  /** Issue 11 item 3: nested types, wildcards of a type, second top-level types; names that are not packages. */
  @Test
  void javaNestedTypesWildcardsAndSecondaryTypes() throws IOException {
    String from = "app/src/main/java/com/acme/Main.java";
    assertEquals(List.of("app/src/main/java/com/acme/Foo.java"), resolve(from, Language.JAVA, "com.acme.Foo.*"), "the types nested in Foo");
    assertEquals(List.of("app/src/main/java/com/acme/Foo.java"), resolve(from, Language.JAVA, "static com.acme.Foo.Inner"));
    assertEquals(List.of("app/src/main/java/com/acme/Foo.java"), resolve(from, Language.JAVA, "com.acme.Helper"), "declared in Foo.java");
    // Two files declare com.acme.Foo (as guava's and android/guava's do): the one that has the nested type.
    write("gwt/com/acme/Foo.java", "package com.acme;\npublic class Foo {}\n");
    assertEquals(List.of("app/src/main/java/com/acme/Foo.java"), resolve("x/Y.java", Language.JAVA, "com.acme.Foo.Inner"));
    // A field named java and one named lang do not make a package java with a type lang.
    write("app/src/main/java/com/acme/Names.java", "package com.acme;\nclass Names { int java; int lang; int reflect; }\n");
    assertEquals(List.of("external"), resolve(from, Language.JAVA, "java.lang.reflect.Array"));
    assertEquals(List.of("external"), resolve(from, Language.JAVA, "java.util.*"));
  }

  /** Issue 11 item 10: a Java file depends on its package's types it names, and on types it names in full. */
  @Test
  void javaSamePackageAndQualifiedUses() throws IOException {
    String dir = "app/src/main/java/com/acme/";
    write(dir + "Bar.java", "package com.acme;\npublic class Bar {}\n");
    write(dir + "Other.java", "package com.acme;\npublic class Other {}\n");
    write(dir + "Use.java", """
        package com.acme;
        import x.y.Other;
        class Use {
          Bar bar = new Bar();
          Other other;
          com.acme.util.Strings s;
          java.util.List<String> list;
          void run() { String j = com.acme.util.Strings.join(); }
        }
        """);
    assertEquals(List.of(dir + "Bar.java", dir + "util/Strings.java"), uses(dir + "Use.java"),
        "Bar (same package), Strings (qualified); not Other (its import names x.y.Other), not java.util.List");
    write(dir + "Baz.java", "package com.acme;\npublic class Baz { static int x; }\n");
    write(dir + "Args.java", """
        package com.acme;
        class Args {
          java.util.List<Baz> list;
          void run() { System.out.println(Baz.x); }
          other.pkg.Bar notOurs;
        }
        """);
    assertEquals(List.of(dir + "Baz.java"), uses(dir + "Args.java"),
        "a type argument, an argument; not other.pkg.Bar, which names another package's Bar");
    write("app/src/test/java/com/acme/UseTest.java", "package com.acme;\nclass UseTest { Bar bar; Missing m; }\n");
    assertEquals(List.of(dir + "Bar.java"), uses("app/src/test/java/com/acme/UseTest.java"), "the package spans source roots");
    write("lib/other/Bar.java", "package other;\nclass Bar {}\n");
    write("lib/other/User.java", "class User { Bar b; }\n");
    assertEquals(List.of(), uses("lib/other/User.java"), "the unnamed package shares nothing");
    assertEquals(List.of(), resolver().uses("lib/pkg/mod.py", facts.get("lib/pkg/mod.py"), definitions), "Java only");
  }

  /**
   * Issue 11 item 2: absolute imports resolve against the package roots only; a standard-library
   * module is external unless a root holds that exact top-level name.
   */
  @Test
  void pythonStandardLibraryIsNotASameNamedRepoFile() throws IOException {
    for (String f : List.of("proj/pkg/__init__.py", "proj/pkg/util/__init__.py", "proj/pkg/util/typing.py", "proj/pkg/util/json.py",
        "proj/pkg/logging/__init__.py", "proj/pkg/app.py", "proj/vendor/json/__init__.py", "proj/vendor/six/__init__.py")) {
      write(f, "");
    }
    String from = "proj/pkg/app.py";
    assertEquals(List.of("external"), resolve(from, Language.PYTHON, "import typing"), "pkg/util/typing.py is pkg.util.typing");
    assertEquals(List.of("external", "external"), resolve(from, Language.PYTHON, "import json, logging"));
    assertEquals(List.of("external"), resolve(from, Language.PYTHON, "from collections import OrderedDict"));
    assertEquals(List.of("proj/pkg/util/typing.py"), resolve(from, Language.PYTHON, "from pkg.util import typing"));
    assertEquals(List.of("proj/pkg/util/json.py"), resolve(from, Language.PYTHON, "import pkg.util.json"));
    assertEquals(List.of("proj/vendor/six/__init__.py"), resolve(from, Language.PYTHON, "import six"), "a package imported by its name");
    assertEquals(List.of("external"), resolve("proj/tool.py", Language.PYTHON, "import json"), "vendor/json is not json");
    write("proj/scripts/typing.py", "");
    write("proj/scripts/run.py", "import typing\n");
    assertEquals(List.of("proj/scripts/typing.py"), resolve("proj/scripts/run.py", Language.PYTHON, "import typing"),
        "a script's own directory comes first on its path: it does hold typing");
  }

  /**
   * Issue 11 item 2: a module built into the interpreter is found before any directory of the
   * path, so a same-named file beside the importer is never it (CPython's Lib/test/dtracedata/gc.py).
   */
  @Test
  void pythonBuiltinModuleIsNeverARepoFile() throws IOException {
    for (String f : List.of("tools/gc.py", "tools/instance.py", "tools/sys/__init__.py", "tools/json.py")) {
      write(f, "");
    }
    String from = "tools/instance.py";
    assertEquals(List.of("external"), resolve(from, Language.PYTHON, "import gc"), "gc is built in");
    assertEquals(List.of("external", "external"), resolve(from, Language.PYTHON, "import sys, itertools"));
    assertEquals(List.of("external"), resolve(from, Language.PYTHON, "from sys import argv"));
    assertEquals(List.of("tools/json.py"), resolve(from, Language.PYTHON, "import json"),
        "json is a file of the library: the script's own directory comes first");
  }

  /** Issue 11 item 2: {@code import flask} from tests/ is src/flask, not tests/a/b/flask.py (a.b.flask). */
  @Test
  void pythonImportsFromSrcNotFromANestedSameNamedModule() throws IOException {
    for (String f : List.of("src/flask/__init__.py", "src/flask/app.py", "tests/a/__init__.py", "tests/a/b/__init__.py",
        "tests/a/b/flask.py", "tests/test_app.py")) {
      write(f, "");
    }
    assertEquals(List.of("src/flask/__init__.py"), resolve("tests/test_app.py", Language.PYTHON, "import flask"));
    assertEquals(List.of("src/flask/app.py"), resolve("tests/a/b/__init__.py", Language.PYTHON, "from flask import app"));
    assertEquals(List.of("tests/a/b/flask.py"), resolve("tests/test_app.py", Language.PYTHON, "from a.b import flask"));
    assertEquals(List.of("tests/a/b/flask.py"), resolve("tests/a/__init__.py", Language.PYTHON, "from .b import flask"));
  }

  /**
   * Issue 11 item 2: a namespace package (no {@code __init__.py}, PEP 420) imported by its full
   * name is found where one of its portions holds the next name as a regular package (gsutil's
   * third_party/google-auth-library-python/google/auth); a bare directory of that name is not one.
   */
  @Test
  void pythonNamespacePackageImportedByItsFullName() throws IOException {
    for (String f : List.of("third_party/gauth/google/auth/__init__.py", "third_party/gauth/google/auth/exceptions.py",
        "third_party/gauth/google/oauth2/credentials.py", "docs/google/notes.py", "app/main.py")) {
      write(f, "");
    }
    String from = "app/main.py";
    assertEquals(List.of("third_party/gauth/google/auth/exceptions.py"), resolve(from, Language.PYTHON, "from google.auth import exceptions"));
    assertEquals(List.of("third_party/gauth/google/auth/__init__.py"), resolve(from, Language.PYTHON, "import google.auth.missing"));
    assertEquals(List.of("external"), resolve(from, Language.PYTHON, "import google.oauth2.credentials"),
        "google/oauth2 is no regular package: nothing says where the namespace is");
    assertEquals(List.of("external"), resolve(from, Language.PYTHON, "import google.notes"), "docs/google is a directory, not a portion");
    assertEquals(List.of("external"), resolve(from, Language.PYTHON, "import google"));
  }

  /** Issue 11 item 2: roots and mapped packages the build files declare. */
  @Test
  void pythonRootsFromBuildFiles() throws IOException {
    write("py/setup.py", "from setuptools import setup\nsetup(name='thrift', packages=['thrift'], package_dir={'thrift': 'src'})\n");
    write("py/src/__init__.py", "");
    write("py/src/transport/__init__.py", "");
    write("py/src/transport/TSocket.py", "");
    write("test/client.py", "");
    assertEquals(List.of("py/src/transport/TSocket.py"), resolve("test/client.py", Language.PYTHON, "from thrift.transport import TSocket"));
    assertEquals(List.of("py/src/__init__.py"), resolve("test/client.py", Language.PYTHON, "import thrift.gen.ttypes"),
        "generated at build time: its longest prefix that has a file");
    write("one/pyproject.toml", "[project]\nname = \"one\"\n\n[tool.setuptools.packages.find]\nwhere = [\"python\"]\n");
    write("one/python/solo.py", "");
    write("two/setup.cfg", "[metadata]\nname = two\n\n[options]\npackage_dir =\n    =lib\n");
    write("two/lib/duo.py", "");
    write("three/setup.py", "setup(packages=find_packages(where='code'))\n");
    write("three/code/trio.py", "");
    assertEquals(List.of("one/python/solo.py"), resolve("test/client.py", Language.PYTHON, "import solo"));
    assertEquals(List.of("two/lib/duo.py"), resolve("test/client.py", Language.PYTHON, "import duo"));
    assertEquals(List.of("three/code/trio.py"), resolve("test/client.py", Language.PYTHON, "import trio"));
    write("four/trio4.py", "");
    assertEquals(List.of("external"), resolve("test/client.py", Language.PYTHON, "import trio4"), "four/ is no root");
  }

  @Test
  void python() throws IOException {
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
  void scripts() throws IOException {
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
  void go() throws IOException {
    assertEquals(List.of("svc/store/db.go"), resolve("svc/main.go", Language.GO, "example.com/svc/store"));
    assertEquals(List.of("unresolved"), resolve("svc/main.go", Language.GO, "example.com/svc/docs"), "a directory without Go files");
    assertEquals(List.of("external"), resolve("svc/main.go", Language.GO, "example.com/svc/gen"), "not checked in (generated at build time)");
    assertEquals(List.of("external"), resolve("svc/main.go", Language.GO, "fmt"));
    assertEquals(List.of("external"), resolve("svc/main.go", Language.GO, "github.com/other/pkg"));
  }

  @Test
  void rust() throws IOException {
    assertEquals(List.of("crate/src/util.rs"), resolve("crate/src/lib.rs", Language.RUST, "mod util;"));
    assertEquals(List.of("crate/src/net/tcp.rs"), resolve("crate/src/net/mod.rs", Language.RUST, "pub mod tcp;"));
    assertEquals(List.of("crate/src/net/tcp.rs"), resolve("crate/src/util.rs", Language.RUST, "crate::net::tcp::Stream"));
    assertEquals(List.of("crate/src/util.rs", "crate/src/net/mod.rs"), resolve("crate/src/lib.rs", Language.RUST, "crate::{util::helper, net}"));
    assertEquals(List.of("crate/src/util.rs"), resolve("crate/src/net/tcp.rs", Language.RUST, "super::super::util::helper"));
    assertEquals(List.of("external"), resolve("crate/src/lib.rs", Language.RUST, "std::collections::HashMap"));
    assertEquals(List.of("unresolved"), resolve("crate/src/lib.rs", Language.RUST, "mod gone;"));
  }

  @Test
  void rustCrateWithoutCargoTomlIsRootedAtItsLibRs() throws IOException {
    // Linux's rust/: crates built by make, each a directory with a lib.rs
    assertEquals(List.of("rust/alloc/boxed.rs"), resolve("rust/alloc/vec/drain.rs", Language.RUST, "crate::boxed::Box"));
    assertEquals(List.of("rust/alloc/vec/mod.rs"), resolve("rust/alloc/boxed.rs", Language.RUST, "crate::vec::Vec"));
  }

  @Test
  void rustCrateWhoseRootFileSitsNextToCargoToml() throws IOException {
    assertEquals(List.of("tools/boot/cache.rs"), resolve("tools/boot/check.rs", Language.RUST, "crate::cache::Cache"));
  }

  @Test
  void includes() throws IOException {
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
