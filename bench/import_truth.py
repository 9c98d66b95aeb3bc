#!/usr/bin/env python3
"""Import resolution precision: symdex's resolved imports judged against an independent truth.

    bench/import_truth.py --tree DIR --imports-tsv FILE     (FILE: `symdex index --imports-tsv`)

Used by bench/quality ("Import resolution"); runs alone on a TSV as well. For each language it
can judge, it says how many of symdex's resolved imports lead to the right file(s) (precision =
right / resolved), and how many imports the truth finds in the repo that symdex left external or
unresolved (missed). An import is right when every file symdex gives is one the truth allows.

The truths share no code with symdex:

- Java: javac's own parser (bench/truth/JavaDecls.java, the JDK compiler API, parse only) gives
  each file's declared package and types (nested ones as Outer.Inner). `import a.b.C` (and
  `a.b.C.Inner`, `static a.b.C.m`, `static a.b.C.*`) must lead to a file that declares type a.b.C;
  `import a.b.*` to files that declare package a.b. When several files declare it, those in the
  importer's own source root (its path less its package's directories, as javac would compile
  them together) are the answer if there are any, else any of them is.
- Python: Python's own finders (those of sys.path_hooks, as importlib.machinery.PathFinder uses them:
  package before module, regular and namespace packages, submodule search locations)
  locates each module without executing anything, over the sys.path a run would have:
    1. the importing file's own root (its directory, or above its package: what `python file.py`
       or `python -m pkg.mod` puts first);
    2. the declared roots: the repo root, `src/`, and the package directories the project's
       pyproject.toml (tomllib), setup.cfg (configparser) and setup.py (ast: `package_dir`,
       `find_packages(where)`) declare; a mapped package (`package_dir={'thrift': 'src'}`) is
       found where it is mapped;
    3. the standard library of the Python running this script (builtin modules included): the
       modules sys.stdlib_module_names names; the regression tests an installation may carry
       beside them (the `test` package) are not the library, and CPython's own Lib/test is
       found in its tree;
    4. every other directory that holds a top-level regular package (an `__init__.py` whose
       parent has none), as an editable install would add them (after the standard library).
       Their order on a real path is the installer's: a module found only here may be any of
       those directories' copies (a tree with python2/httplib2 and python3/httplib2 allows both).
  A module found in 3 is external. `from a import b` leads to submodule a.b if there is one,
  else to a's own file; `import a.b.c` to the deepest module that exists (os.path is an
  attribute of os); relative imports from the importer's package directory.
- Other languages: no independent truth here; precision is not judged ("-").
"""
import argparse, ast, collections, configparser, glob, os, shutil, subprocess, sys, sysconfig, tempfile
import importlib.machinery

HERE = os.path.dirname(os.path.realpath(__file__))


# ---------------------------------------------------------------------------------------------
# Java

def java_binary():
    for c in sorted(glob.glob("/usr/lib/jvm/*25*/bin/java")) + [shutil.which("java") or ""]:
        if c and os.access(c, os.X_OK):
            return c
    return None


def java_declarations(tree, paths):
    """{path: (package, [types])} from javac's parser; {} when no JDK is at hand."""
    java = java_binary()
    if not java or not paths:
        return {}
    work = tempfile.mkdtemp(prefix="import-truth.")
    try:
        lst, out = os.path.join(work, "list"), os.path.join(work, "decls.tsv")
        with open(lst, "w") as f:
            f.write("\n".join(paths) + "\n")
        subprocess.run([java, os.path.join(HERE, "truth", "JavaDecls.java"), tree, lst, out], check=True,
                       stdout=subprocess.DEVNULL)
        decls = {}
        with open(out, encoding="utf-8") as f:
            for line in f:
                p, pkg, types, names, chains = line.rstrip("\n").split("\t")
                decls[p] = (pkg, [t for t in types.split(",") if t], {n for n in names.split(",") if n},
                            [c for c in chains.split(",") if c])
        return decls
    finally:
        shutil.rmtree(work, ignore_errors=True)


_JAVA_TRUTHS = {}


def java_truth(tree):
    """The JavaTruth of every git-tracked Java file of `tree` (parsed once per tree)."""
    if tree not in _JAVA_TRUTHS:
        tracked = subprocess.run(["git", "-C", tree, "ls-files", "-z"], capture_output=True, text=True).stdout.split("\0")
        java = sorted(t for t in tracked if t.endswith(".java") and os.path.isfile(os.path.join(tree, t)))
        _JAVA_TRUTHS[tree] = JavaTruth(java_declarations(tree, java))
    return _JAVA_TRUTHS[tree]


class JavaTruth:
    def __init__(self, decls):
        self.by_type = collections.defaultdict(set)     # "a.b.C.Inner" -> files
        self.by_package = collections.defaultdict(set)  # "a.b" -> files
        self.package_of = {}
        self.decls = decls
        for path, (pkg, types, _, _) in decls.items():
            self.package_of[path] = pkg
            self.by_package[pkg].add(path)
            for t in types:
                self.by_type[(pkg + "." if pkg else "") + t].add(path)

    def source_root(self, path):
        pkg = self.package_of.get(path)
        d = os.path.dirname(path)
        if pkg:
            suffix = pkg.replace(".", "/")
            if d == suffix:
                return ""
            if d.endswith("/" + suffix):
                return d[: -len(suffix) - 1]
        return d

    def _prefer_own_root(self, importer, files):
        own = self.source_root(importer)
        mine = {f for f in files if self.source_root(f) == own}
        return mine or files

    def targets(self, importer, text):
        """The files `text` (an import as symdex stores it) may lead to; empty: not the repo's."""
        static = text.startswith("static ")
        name = (text[7:] if static else text).strip().replace(" ", "")
        wildcard = name.endswith(".*")
        if wildcard:
            name = name[:-2]
        if static and not wildcard and name not in self.by_type:
            name = name.rsplit(".", 1)[0]   # a member: its type's file (a static nested type names itself)
        if wildcard and not static and name in self.by_package:
            return self._prefer_own_root(importer, self.by_package[name])
        files = self.by_type.get(name, set())
        return self._prefer_own_root(importer, files) if files else set()


    def uses(self, path, imports):
        """What `path` uses without an import line, as its parse says, one set of acceptable files
        per type used: types of its own package it names (a simple name that is a top-level type of
        a file of its package, unless the file declares that name itself or imports it by a
        single-type import), and types it names in full (a chain a.b.C where a.b is a package some
        file declares and C one of its top-level types). `imports`: the file's import texts."""
        if path not in self.decls:
            return []
        pkg, types, names, chains = self.decls[path]
        own = {t.rsplit(".", 1)[-1] for t in types}
        single = {t.replace(" ", "").rsplit(".", 1)[-1] for t in imports if not t.replace(" ", "").endswith(".*")}
        out = {}
        if pkg:
            for n in names - own - single:
                files = self.by_type.get(pkg + "." + n)
                if files:
                    out[pkg + "." + n] = self._prefer_own_root(path, files) - {path}
        for c in chains:
            segs = c.split(".")
            for k in range(1, len(segs)):
                p = ".".join(segs[:k])
                if p in self.by_package and p + "." + segs[k] in self.by_type:
                    out[p + "." + segs[k]] = self._prefer_own_root(path, self.by_type[p + "." + segs[k]]) - {path}
                    break
        return [f for f in out.values() if f]


# ---------------------------------------------------------------------------------------------
# Python

def _literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None


def python_declared(tree, paths):
    """(roots, mapped): roots the projects declare, and {package: dir} of package_dir mappings."""
    roots, mapped = set(), {}

    def add_dir(base, rel):
        d = os.path.normpath(os.path.join(base, rel)) if rel else base
        return "" if d in (".", "") else d

    for p in paths:
        name, base = os.path.basename(p), os.path.dirname(p)
        full = os.path.join(tree, p)
        try:
            if name == "pyproject.toml":
                import tomllib
                with open(full, "rb") as f:
                    doc = tomllib.load(f)
                tool = doc.get("tool", {})
                st = tool.get("setuptools", {})
                for k, v in (st.get("package-dir") or {}).items():
                    (roots.add(add_dir(base, v)) if k == "" else mapped.setdefault(k, add_dir(base, v)))
                find = (st.get("packages") or {}).get("find") if isinstance(st.get("packages"), dict) else None
                for w in (find or {}).get("where", []):
                    roots.add(add_dir(base, w))
                for pk in (tool.get("poetry", {}).get("packages") or []):
                    if isinstance(pk, dict) and "from" in pk:
                        roots.add(add_dir(base, pk["from"]))
                wheel = tool.get("hatch", {}).get("build", {}).get("targets", {}).get("wheel", {})
                for pk in wheel.get("packages", []):
                    roots.add(add_dir(base, os.path.dirname(pk)))
            elif name == "setup.cfg":
                cfg = configparser.ConfigParser()
                cfg.read(full, encoding="utf-8")
                if cfg.has_option("options", "package_dir"):
                    for line in cfg.get("options", "package_dir").splitlines():
                        if "=" in line:
                            k, v = (s.strip() for s in line.split("=", 1))
                            (roots.add(add_dir(base, v)) if k == "" else mapped.setdefault(k, add_dir(base, v)))
                if cfg.has_option("options.packages.find", "where"):
                    roots.add(add_dir(base, cfg.get("options.packages.find", "where").strip()))
            elif name == "setup.py":
                with open(full, encoding="utf-8", errors="replace") as f:
                    mod = ast.parse(f.read())
                for node in ast.walk(mod):
                    if not isinstance(node, ast.Call):
                        continue
                    fn = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                    if fn in ("find_packages", "find_namespace_packages"):
                        where = [_literal(a) for a in node.args[:1]] + [_literal(k.value) for k in node.keywords if k.arg == "where"]
                        for w in where:
                            if isinstance(w, str):
                                roots.add(add_dir(base, w))
                    for k in node.keywords:
                        if k.arg == "package_dir":
                            v = _literal(k.value)
                            for pk, d in (v or {}).items() if isinstance(v, dict) else ():
                                (roots.add(add_dir(base, d)) if pk == "" else mapped.setdefault(pk, add_dir(base, d)))
        except (OSError, SyntaxError, ValueError, configparser.Error, ImportError, AttributeError, TypeError):
            continue
    return roots, mapped


def find_spec(fullname, locations):
    """importlib.machinery.PathFinder.find_spec over `locations`, minus the one thing it needs a
    live import for: a namespace package's parent in sys.modules. Each entry's finder is the one
    `import` would use (sys.path_hooks: FileFinder for directories); a regular module or package
    in any entry wins, else the namespace portions are joined (PEP 420)."""
    portions = []
    for entry in locations:
        finder = sys.path_importer_cache.get(entry)
        if finder is None:
            for hook in sys.path_hooks:
                try:
                    finder = hook(entry)
                    break
                except ImportError:
                    continue
            sys.path_importer_cache[entry] = finder
        spec = finder.find_spec(fullname) if finder is not None else None
        if spec is None:
            continue
        if spec.loader is not None:
            return spec
        portions.extend(spec.submodule_search_locations or [])
    if not portions:
        return None
    spec = importlib.machinery.ModuleSpec(fullname, None, is_package=True)
    spec.submodule_search_locations = portions
    return spec


class PythonTruth:
    def __init__(self, tree, paths):
        self.tree = tree
        self.real_tree = os.path.realpath(tree)
        files = set(paths)
        self.inits = {os.path.dirname(p) for p in files if os.path.basename(p) == "__init__.py"}
        roots, self.mapped = python_declared(tree, [p for p in paths if os.path.basename(p) in ("pyproject.toml", "setup.cfg", "setup.py")])
        self.declared = [""] + (["src"] if any(p.startswith("src/") for p in files) else []) + sorted(roots - {""})
        self.package_tops = sorted({os.path.dirname(d) for d in self.inits if os.path.dirname(d) not in self.inits})
        self.tops = self.package_tops   # rule 4 in the order of this search (see targets)
        paths = sysconfig.get_paths()
        std = [paths["stdlib"], paths["platstdlib"], os.path.join(paths["platstdlib"], "lib-dynload")]
        self.stdlib = list(dict.fromkeys(os.path.realpath(p) for p in std if os.path.isdir(p)))

    def abs(self, rel):
        return os.path.join(self.tree, rel) if rel else self.tree

    def own_root(self, path):
        d = os.path.dirname(path)
        while d in self.inits:
            d = os.path.dirname(d)
        return d

    def in_repo(self, location):
        return os.path.realpath(location).startswith(self.real_tree + os.sep) or os.path.realpath(location) == self.real_tree

    def file(self, spec):
        """A spec's file in the repo; None for a namespace package or a module outside the repo."""
        if spec is None or not spec.origin or not os.path.isabs(spec.origin) or not self.in_repo(spec.origin):
            return None
        return os.path.relpath(spec.origin, self.tree)

    def sys_path(self, importer, name):
        first = [self.abs(r) for r in dict.fromkeys([self.own_root(importer)] + self.declared)]
        std = self.stdlib if name in sys.stdlib_module_names else []
        return first + std + [self.abs(r) for r in self.tops]

    def top(self, importer, name):
        """The spec of top-level module `name` as a run of `importer` finds it, or None when the
        module is not the repo's (builtin, standard library, not found)."""
        if name in sys.builtin_module_names:
            return None
        if name in self.mapped:
            d = self.abs(self.mapped[name])
            init = os.path.join(d, "__init__.py")
            spec = importlib.machinery.ModuleSpec(name, None, origin=init if os.path.exists(init) else None, is_package=True)
            spec.submodule_search_locations = [d]
            return spec
        # One search over the whole path, as `import` does: a regular module or package in any entry
        # beats namespace portions found earlier.
        spec = find_spec(name, self.sys_path(importer, name))
        if spec is None:
            return None
        if spec.origin is not None and os.path.isabs(spec.origin):
            return spec if self.in_repo(spec.origin) else None
        locations = [l for l in (spec.submodule_search_locations or []) if self.in_repo(l)]
        if not locations:
            return None
        spec.submodule_search_locations = locations
        return spec

    @staticmethod
    def sub(spec, name):
        if spec is None or not spec.submodule_search_locations:
            return None
        return find_spec(spec.name + "." + name, list(spec.submodule_search_locations))

    def module(self, importer, dotted):
        """The spec of module `dotted` and True; when only a prefix exists, the spec of its deepest
        module that has a file (os.path: os) and False; None when not even the top is the repo's."""
        parts = dotted.split(".")
        spec = self.top(importer, parts[0])
        if spec is None:
            return None, False
        deepest = spec
        for part in parts[1:]:
            spec = self.sub(spec, part)
            if spec is None:
                return deepest, False
            if self.file(spec) is not None:
                deepest = spec
        return spec, True

    def relative(self, importer, level, module):
        """The spec of a relative import's module (`from ..a import b`: level 2, module 'a')."""
        d = os.path.dirname(importer)
        for _ in range(level - 1):
            d = os.path.dirname(d)
        init = os.path.join(self.abs(d), "__init__.py")
        spec = importlib.machinery.ModuleSpec("_base", None, origin=init if os.path.exists(init) else None, is_package=True)
        spec.submodule_search_locations = [self.abs(d)]
        for part in module.split(".") if module else []:
            spec = self.sub(spec, part)
            if spec is None:
                return None
        return spec

    def targets(self, importer, text):
        """Files an import statement leads to, one set per imported module (empty: not the repo's):
        the union over every order of rule 4 that matters (each directory holding one of the
        statement's top-level names first)."""
        s = " ".join(text.replace("(", " ").replace(")", " ").replace("\\", " ").split())
        if s.startswith("from "):
            tops = [s[5:].split(" ")[0].split(".")[0]]
        else:
            tops = [p.strip().split(" ")[0].split(".")[0] for p in s[7:].split(",")] if s.startswith("import ") else []
        firsts = [t for t in self.package_tops
                  if any(n and (os.path.isdir(os.path.join(self.abs(t), n)) or os.path.isfile(os.path.join(self.abs(t), n + ".py")))
                         for n in tops)]
        out = self.targets_in_order(importer, text)
        for first in firsts[1:]:
            self.tops = [first] + [t for t in self.package_tops if t != first]
            try:
                out = [a | b for a, b in zip(out, self.targets_in_order(importer, text))]
            finally:
                self.tops = self.package_tops
        return out

    def targets_in_order(self, importer, text):
        """targets() with rule 4's directories in the order self.tops gives."""
        s = " ".join(text.replace("(", " ").replace(")", " ").replace("\\", " ").split())
        if s.startswith("from "):
            if " import " not in s:
                return []
            module, names = s[5:].split(" import ", 1)
            module = module.strip()
            names = [n.strip().split(" ")[0] for n in names.split(",") if n.strip() and n.strip() != "*"]
            if module == "__future__":
                return [set()]
            if module.startswith("."):
                level = len(module) - len(module.lstrip("."))
                spec, complete = self.relative(importer, level, module[level:]), True
            else:
                spec, complete = self.module(importer, module)
            if spec is None:
                return [set()]
            if not complete:
                return [{self.file(spec)} - {None}]
            files = {self.file(self.sub(spec, n)) or self.file(spec) for n in names} if names else {self.file(spec)}
            return [files - {None}]
        out = []
        if s.startswith("import "):
            for part in s[7:].split(","):
                m = part.strip().split(" ")[0]
                if m:
                    spec, _ = self.module(importer, m)
                    out.append({self.file(spec)} - {None})
        return out


# ---------------------------------------------------------------------------------------------

def judge(tree, imports, samples=8):
    """Per language: Counter(resolved, judged, right, missed) and samples of wrong ones.

    `imports`: rows (language, path, line, text, status, targets[list]) in the TSV's order (one
    row per imported module).
    """
    tree = os.path.abspath(tree)
    by_lang = collections.defaultdict(list)
    for row in imports:
        by_lang[row[0]].append(row)
    counts = collections.defaultdict(collections.Counter)
    wrong = collections.defaultdict(list)
    missed = collections.defaultdict(list)
    tracked = subprocess.run(["git", "-C", tree, "ls-files", "-z"], capture_output=True, text=True).stdout.split("\0")
    tracked = [t for t in tracked if t and os.path.isfile(os.path.join(tree, t))]
    truths = {}
    if "java" in by_lang:
        truths["java"] = java_truth(tree)
    if "python" in by_lang:
        truths["python"] = PythonTruth(tree, tracked)
    for lang, rows in by_lang.items():
        t = truths.get(lang)
        if t is None:
            continue
        i = 0
        while i < len(rows):
            # The rows of one statement are consecutive (same path, line, text): judged together.
            j = i
            while j < len(rows) and rows[j][1:4] == rows[i][1:4]:
                j += 1
            group = rows[i:j]
            i = j
            _, path, line, text = group[0][:4]
            try:
                expected = t.targets(path, text) if lang == "python" else [t.targets(path, text)]
            except (ValueError, ImportError, OSError, SyntaxError):
                expected = None
            for k, (_, _, _, _, status, got) in enumerate(group):
                c = counts[lang]
                want = None
                if expected is not None:
                    want = expected[k] if lang == "python" and k < len(expected) else (expected[0] if lang != "python" else None)
                if status == "resolved":
                    c["resolved"] += 1
                    if want is None:
                        continue
                    c["judged"] += 1
                    if got and set(got) <= set(want):
                        c["right"] += 1
                    else:
                        wrong[lang].append(f"- `{path}:{line}` `{text}` → {';'.join(got)} (truth: {';'.join(sorted(want)) or 'not the repo'})")
                elif want:
                    c["missed"] += 1
                    missed[lang].append(f"- `{path}:{line}` `{text}` {status} (truth: {';'.join(sorted(want))})")
    return counts, {l: w[:: max(1, len(w) // samples)][:samples] for l, w in wrong.items()}, \
        {l: m[:: max(1, len(m) // samples)][:samples] for l, m in missed.items()}


def judge_java_uses(tree, imports, graph, samples=8):
    """Issue 11 item 10: the Java edges of symdex's stored graph that no import line explains
    (same-package and fully qualified uses), judged against the parse (JavaTruth.uses).

    `graph`: {path: [targets]} (`symdex index --graph-tsv`). Returns Counter(edges, right, missed:
    types used that no edge leads to) and samples of wrong edges and of missed uses."""
    tree = os.path.abspath(tree)
    explained = collections.defaultdict(set)
    texts = collections.defaultdict(list)
    for lang, path, _, text, status, targets in imports:
        if lang == "java":
            explained[path] |= set(targets)
            texts[path].append(text)
    java = sorted(p for p in set(graph) | set(texts) if p.endswith(".java"))
    truth = java_truth(tree)
    c = collections.Counter()
    wrong, missed = [], []
    for path in java:
        got = {t for t in graph.get(path, []) if t.endswith(".java")} - explained[path]
        want = truth.uses(path, texts[path])
        allowed = set().union(*want) if want else set()
        c["edges"] += len(got)
        c["right"] += len(got & allowed)
        gone = [w for w in want if not w & (got | explained[path])]
        c["missed"] += len(gone)
        wrong += [f"- `{path}` → `{t}`" for t in sorted(got - allowed)]
        missed += [f"- `{path}` → `{';'.join(sorted(w))}`" for w in gone]
    return c, wrong[:: max(1, len(wrong) // samples)][:samples], missed[:: max(1, len(missed) // samples)][:samples]


def read_graph_tsv(path):
    graph = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 2:
                graph[cols[0]] = [t for t in cols[1].split(";") if t]
    return graph


def read_imports_tsv(path):
    rows = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 5:
                targets = [t for t in cols[5].split(";") if t] if len(cols) > 5 else []
                rows.append((cols[2], cols[0], cols[1], cols[3], cols[4], targets))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tree", required=True)
    ap.add_argument("--imports-tsv", required=True)
    ap.add_argument("--graph-tsv", help="`symdex index --graph-tsv`: also judge Java's edges without an import line")
    a = ap.parse_args()
    rows = read_imports_tsv(a.imports_tsv)
    counts, wrong, missed = judge(a.tree, rows)
    print("| language | resolved | judged | right | precision | missed (truth: in repo) |")
    print("|---|---:|---:|---:|---:|---:|")
    for lang in sorted(counts):
        c = counts[lang]
        p = f"{c['right'] / c['judged']:.3f}" if c["judged"] else "-"
        print(f"| {lang} | {c['resolved']} | {c['judged']} | {c['right']} | {p} | {c['missed']} |")
    for lang in sorted(wrong):
        print(f"\n**{lang}: sample of wrong resolutions**")
        print("\n".join(wrong[lang]))
    for lang in sorted(missed):
        print(f"\n**{lang}: sample of imports the truth finds in the repo, symdex does not**")
        print("\n".join(missed[lang]))
    if a.graph_tsv:
        c, wrong_uses, missed_uses = judge_java_uses(a.tree, rows, read_graph_tsv(a.graph_tsv))
        p = f"{c['right'] / c['edges']:.3f}" if c["edges"] else "-"
        print(f"\nJava edges without an import line (same package, qualified): {c['edges']}, right {c['right']} "
              f"(precision {p}), missed {c['missed']}")
        if wrong_uses:
            print("\n".join(["", "**sample of wrong edges**"] + wrong_uses))
        if missed_uses:
            print("\n".join(["", "**sample of missed edges**"] + missed_uses))


if __name__ == "__main__":
    main()
