"""Read every module's imports statically and check them against the layers stated in
`docs/architecture.md` (issue 22). Used by hardening/test_import_direction.py.

The layers are the fenced ```layers block of that page, lowest first, one layer a line:

    name: package package ...

A module belongs to the package of the longest dotted prefix naming it (`ocop_portal.core.jobs`
→ `ocop_portal.core`, `ocop_portal.settings` → `ocop_portal`). It may import its own package, a
package of its own layer, and any package of a lower layer: never one of a higher layer, nor a
first-party module no layer names. `allow: <file> -> <package>  # reason` lines name the known
exceptions, each with its reason; one no longer needed is an error too, so the list only shrinks.

Which imports count:

- every `import` and `from … import` anywhere in the module: at module level, inside functions
  and classes, under `try`/`if`, and under `if TYPE_CHECKING:` too — a name in an annotation is
  a dependency a reader must follow just the same (a lower module that must name a higher type
  writes the annotation as a string without importing it);
- not names in strings (`apps.get_model("app", "Model")`, a task's dotted path for
  ocop_portal.core.jobs.enqueue_on_commit, a template name): those are resolved at run time.

Tests are exempt: a module under a `tests` package, a `test_*.py` or `conftest.py` exercises its
app together with the apps above it (the admin test builds every app's admin; a registry test
issues certificates the way the portal does) and may import anything.

Import cycles within a package are refused among module-level imports (those executed when the
module is imported: outside functions and classes, not under `if TYPE_CHECKING:`), which is where
a cycle breaks imports; a function-level import is how such a circle usually hides, so the three
two-file circles issue 22 named are pinned separately in the test.
"""

import ast
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

LAYERS_BLOCK = re.compile(r"^```layers\n(.*?)^```", re.DOTALL | re.MULTILINE)


@dataclass
class Layers:
    order: list[tuple[str, list[str]]]  # (layer name, packages), lowest first
    allowed: set[tuple[str, str]] = field(default_factory=set)  # (file, imported package)

    def __post_init__(self):
        self.rank = {package: index for index, (_name, packages) in enumerate(self.order) for package in packages}
        self.layer_of = {package: name for name, packages in self.order for package in packages}

    def package_of(self, module: str) -> str | None:
        parts = module.split(".")
        for length in range(len(parts), 0, -1):
            candidate = ".".join(parts[:length])
            if candidate in self.rank:
                return candidate
        return None


def parse_layers(markdown: str) -> Layers:
    match = LAYERS_BLOCK.search(markdown)
    if match is None:
        raise ValueError("no ```layers block")
    order, allowed = [], set()
    for number, raw in enumerate(match.group(1).splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, rest = line.partition(":")
        name, rest = name.strip(), rest.strip()
        if name == "allow":
            source, arrow, target = rest.partition("->")
            if not arrow or not source.strip() or not target.strip():
                raise ValueError(f"layers line {number}: write `allow: <file> -> <package>  # reason`")
            if "#" not in raw:
                raise ValueError(f"layers line {number}: an exception needs its reason (`# …`)")
            allowed.add((source.strip(), target.strip()))
        elif name and rest:
            order.append((name, rest.split()))
        else:
            raise ValueError(f"layers line {number}: write `<layer>: <package> …`")
    packages = [package for _name, packages in order for package in packages]
    duplicates = {package for package in packages if packages.count(package) > 1}
    if duplicates:
        raise ValueError(f"packages in more than one layer: {sorted(duplicates)}")
    return Layers(order, allowed)


@dataclass(frozen=True)
class Import:
    file: str  # relative to the root, with "/"
    line: int
    source: str  # the importing module
    target: str  # the imported module (or package, for `from package import name`)
    module_level: bool


@dataclass(frozen=True)
class Violation:
    file: str
    line: int
    message: str

    def __str__(self):
        return f"{self.file}:{self.line}: {self.message}"


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def is_test(relative: str) -> bool:
    parts = relative.split("/")
    return "tests" in parts[:-1] or parts[-1].startswith("test_") or parts[-1] == "conftest.py"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports_in(tree: ast.Module):
    """(node, module_level) for every import statement of the tree."""

    def visit(node, module_level):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, module_level
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
                yield from visit(child, False)
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                for statement in child.body:
                    yield from visit(ast.Module(body=[statement], type_ignores=[]), False)
                for statement in child.orelse:
                    yield from visit(ast.Module(body=[statement], type_ignores=[]), module_level)
            else:
                yield from visit(child, module_level)

    yield from visit(tree, True)


def read_imports(root: Path, path: Path, known_modules: set[str]) -> list[Import]:
    """The first-party imports of the file at `path` (first party: a module in `known_modules`
    or under one of their top-level names)."""
    relative = path.relative_to(root).as_posix()
    source = module_name(root, path)
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    tops = {name.split(".")[0] for name in known_modules}
    found = []
    for node, module_level in _imports_in(ast.parse(path.read_text(encoding="utf-8"), relative)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if package else []
                base_name = ".".join(base + ([node.module] if node.module else []))
            else:
                base_name = node.module or ""
            # `from package import module` depends on that module; `from module import name` on it.
            targets = []
            for alias in node.names:
                submodule = f"{base_name}.{alias.name}" if base_name else alias.name
                targets.append(submodule if submodule in known_modules or not base_name else base_name)
        for target in dict.fromkeys(targets):
            if target.split(".")[0] in tops:
                found.append(Import(relative, node.lineno, source, target, module_level))
    return found


def python_files(root: Path, layers: Layers) -> list[Path]:
    """The files of the layered packages, each once (`ocop_portal` contains `ocop_portal.core`)."""
    files = set()
    for package in layers.rank:
        base = root.joinpath(*package.split("."))
        if base.with_suffix(".py").is_file():
            files.add(base.with_suffix(".py"))
        elif base.is_dir():
            files.update(base.rglob("*.py"))
    return sorted(files)


def first_party_modules(root: Path) -> set[str]:
    """Every module under the root's packages and top-level files (a virtualenv, caches and
    mutmut's copy left out)."""
    skip = {".venv", "venv", "mutants", "node_modules", "staticfiles", "artifacts", ".git"}
    modules = set()
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if skip & set(parts) or any(part.startswith(".") for part in parts):
            continue
        modules.add(module_name(root, path))
    return modules


def check(root: Path, layers: Layers) -> tuple[list[Violation], list[Import]]:
    """The imports against the direction (with file and line), and every import read."""
    known = first_party_modules(root)
    violations, everything, used_exceptions = [], [], set()
    for path in python_files(root, layers):
        relative = path.relative_to(root).as_posix()
        imports = read_imports(root, path, known)
        everything.extend(imports)
        if is_test(relative):
            continue
        for item in imports:
            own, other = layers.package_of(item.source), layers.package_of(item.target)
            if other is None:
                violations.append(Violation(item.file, item.line, f"imports {item.target}, which no layer names"))
            elif layers.rank[other] > layers.rank[own]:
                if (relative, other) in layers.allowed:
                    used_exceptions.add((relative, other))
                    continue
                violations.append(
                    Violation(
                        item.file,
                        item.line,
                        f"{own} (layer {layers.layer_of[own]}) imports {item.target} "
                        f"(layer {layers.layer_of[other]}, above it)",
                    )
                )
    for file, package in sorted(layers.allowed - used_exceptions):
        violations.append(Violation(file, 0, f"the exception `allow: {file} -> {package}` is no longer needed"))
    return violations, everything


def module_cycles(imports: list[Import], layers: Layers, *, module_level_only: bool = True) -> list[list[str]]:
    """Import cycles between modules of the same package (strongly connected components of two
    or more modules, or a module importing itself), each sorted, the list sorted."""
    graph: dict[str, set[str]] = defaultdict(set)
    for item in imports:
        if module_level_only and not item.module_level:
            continue
        if item.source != item.target and layers.package_of(item.source) == layers.package_of(item.target):
            graph[item.source].add(item.target)
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def connect(node):  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                connect(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(components)
