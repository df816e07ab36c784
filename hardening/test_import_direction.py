"""Dependencies point one way (issue 22): every module's imports, read statically, keep the
layers stated once in docs/architecture.md. hardening/import_direction.py says which imports
count (all of them, function-level and `if TYPE_CHECKING:` ones included; tests exempt)."""

import textwrap
from pathlib import Path

import pytest

from .import_direction import Layers, check, module_cycles, parse_layers, read_imports

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def layers() -> Layers:
    return parse_layers(ARCHITECTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def portal(layers):
    return check(ROOT, layers)


def test_the_direction_is_stated_once_in_the_architecture_notes(layers):
    assert [name for name, _packages in layers.order] == [
        "core",
        "registry",
        "workflow",
        "money",
        "reports",
        "top",
    ]
    ranks = {package: layers.rank[package] for package in ("ocop_portal.core", "products", "evaluation")}
    assert ranks["ocop_portal.core"] < ranks["products"] < ranks["evaluation"]
    assert layers.rank["support"] < layers.rank["reports"] < layers.rank["demo"] == layers.rank["api"]


def test_every_app_is_in_a_layer(layers):
    from django.apps import apps

    paths = {config.name: Path(config.path).resolve() for config in apps.get_app_configs()}
    ours = [name for name, path in paths.items() if path.is_relative_to(ROOT) and ".venv" not in path.parts]
    assert ours and all(layers.package_of(name) is not None for name in ours), ours


def test_no_module_imports_against_the_direction(portal):
    violations, _imports = portal
    assert not violations, "imports against docs/architecture.md's layers:\n" + "\n".join(map(str, violations))


def test_no_import_cycle_between_the_modules_of_a_package(layers, portal):
    _violations, imports = portal
    cycles = module_cycles([item for item in imports if "/tests/" not in f"/{item.file}"], layers)
    assert not cycles, "module-level import cycles:\n" + "\n".join(" ↔ ".join(cycle) for cycle in cycles)


# Circles closed by a function-level import, left from before issue 22 (the issue named three,
# broken since). Listed so that no new one appears and a broken one leaves the list.
KNOWN_FUNCTION_LEVEL_CIRCLES = [
    ["evaluation.services.councils", "evaluation.services.scorecards"],
    ["evaluation.services.decisions", "evaluation.services.ministry"],
    ["evaluation.services.dossiers", "evaluation.services.filing"],
    ["evaluation.views.dossiers", "evaluation.views.filing"],
]


def test_no_new_circle_closed_by_a_function_level_import(layers, portal):
    _violations, imports = portal
    top = layers.rank["api"]
    ours = [
        item
        for item in imports
        if "/tests/" not in f"/{item.file}" and layers.rank[layers.package_of(item.source)] < top
    ]
    assert module_cycles(ours, layers, module_level_only=False) == KNOWN_FUNCTION_LEVEL_CIRCLES


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("reports.services", "reports.tasks"),
        ("ocop_portal.core.services", "ocop_portal.core.tasks"),
        ("evaluation.rules.councils", "evaluation.services.councils"),
        ("evaluation.services.jobs", "evaluation.tasks"),
    ],
)
def test_the_two_file_circles_stay_broken_function_level_imports_included(portal, one, other):
    _violations, imports = portal
    edges = {(item.source, item.target) for item in imports}
    assert not ((one, other) in edges and (other, one) in edges)


def test_the_registry_reads_nothing_of_the_workflow_and_the_workflow_nothing_of_money(portal):
    _violations, imports = portal
    upward = {
        (item.file, item.target.split(".")[0])
        for item in imports
        if item.file.startswith(("products/", "evaluation/")) and "/tests/" not in item.file
    }
    assert not {(file, target) for file, target in upward if file.startswith("products/") and target == "evaluation"}
    assert not {(file, target) for file, target in upward if target == "support"}


# --- the checker itself, on a made-up project ------------------------------------------------

SYNTHETIC_LAYERS = """\
Some prose.

```layers
# lowest first
base:  core
mid:   shop
top:   admin_site
allow: core/legacy.py -> shop  # an old corner, being moved
```
"""


def _project(tmp_path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for package in ("core", "shop", "admin_site"):
        (tmp_path / package).mkdir(exist_ok=True)
        (tmp_path / package / "__init__.py").touch()
    return tmp_path


def _check(tmp_path, files):
    root = _project(tmp_path, {"core/legacy.py": "from shop import models\n", **files})
    return check(root, parse_layers(SYNTHETIC_LAYERS))


def test_a_clean_project_passes(tmp_path):
    violations, _ = _check(
        tmp_path,
        {
            "core/models.py": "import os\n",
            "shop/models.py": "from core.models import os\nfrom . import views\n",
            "shop/views.py": "from .models import os\n",
            "admin_site/views.py": "import shop.views\nfrom core import models\n",
        },
    )
    assert violations == []


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("from admin_site.views import x\n", 3),
        ("def f():\n    from admin_site import views\n", 4),
        ("class A:\n    import admin_site.views\n", 4),
        ("try:\n    pass\nexcept ImportError:\n    import admin_site\n", 6),
        ("from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from admin_site.views import x\n", 6),
        ("from .. import admin_site\n", 3),
    ],
    ids=["module", "function", "class", "try", "type-checking", "relative"],
)
def test_a_deliberately_wrong_import_fails_naming_file_and_line(tmp_path, source, line):
    violations, _ = _check(tmp_path, {"shop/orders.py": "import os\n\n" + source})
    assert len(violations) == 1, violations
    assert str(violations[0]).startswith(f"shop/orders.py:{line}: shop (layer mid) imports admin_site")
    assert str(violations[0]).endswith("(layer top, above it)")


def test_the_real_check_fails_on_a_wrong_import_added_to_the_registry(tmp_path, layers):
    """The portal's own layers: a copy of products/ with one import of support added fails."""
    (tmp_path / "docs").mkdir()
    for package in ("products", "support"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").touch()
    (tmp_path / "support" / "selectors.py").write_text("def grants_for_producer(): ...\n")
    (tmp_path / "products" / "selectors.py").write_text(
        (ROOT / "products" / "selectors.py").read_text(encoding="utf-8")
        + "\n\ndef support_history(user, producer):\n    from support.selectors import grants_for_producer\n"
    )
    violations, _ = check(tmp_path, layers)
    line = (
        (tmp_path / "products" / "selectors.py")
        .read_text()
        .splitlines()
        .index("    from support.selectors import grants_for_producer")
    )
    assert [str(v) for v in violations if v.line] == [
        f"products/selectors.py:{line + 1}: products (layer registry) imports support.selectors (layer money, above it)"
    ]


def test_a_package_inside_another_is_read_once(tmp_path):
    layers = parse_layers(SYNTHETIC_LAYERS.replace("top:   admin_site", "top:   admin_site core.api"))
    root = _project(tmp_path, {"core/legacy.py": "from shop import models\n", "core/api/views.py": "import shop\n"})
    _violations, imports = check(root, layers)
    assert sorted((item.file, item.target) for item in imports) == [
        ("core/api/views.py", "shop"),
        ("core/legacy.py", "shop"),
    ]


def test_an_import_of_a_first_party_module_no_layer_names_fails(tmp_path):
    (tmp_path / "scratch.py").write_text("x = 1\n")
    violations, _ = _check(tmp_path, {"shop/orders.py": "import scratch\n"})
    assert [str(v) for v in violations] == ["shop/orders.py:1: imports scratch, which no layer names"]


def test_tests_may_import_anything(tmp_path):
    violations, _ = _check(
        tmp_path, {"core/tests/test_x.py": "import admin_site\n", "shop/test_y.py": "import admin_site\n"}
    )
    assert violations == []


def test_an_exception_no_longer_needed_fails(tmp_path):
    root = _project(tmp_path, {"core/legacy.py": "import os\n"})
    violations, _ = check(root, parse_layers(SYNTHETIC_LAYERS))
    assert [str(v) for v in violations] == [
        "core/legacy.py:0: the exception `allow: core/legacy.py -> shop` is no longer needed"
    ]


def test_an_exception_needs_its_reason():
    with pytest.raises(ValueError, match="needs its reason"):
        parse_layers(SYNTHETIC_LAYERS.replace("  # an old corner, being moved", ""))


def test_a_package_in_two_layers_is_refused():
    with pytest.raises(ValueError, match="more than one layer"):
        parse_layers(SYNTHETIC_LAYERS.replace("top:   admin_site", "top:   admin_site shop"))


def test_a_module_level_cycle_is_found_and_a_function_level_one_only_when_asked(tmp_path):
    root = _project(
        tmp_path,
        {
            "core/legacy.py": "from shop import models\n",
            "shop/a.py": "from . import b\n",
            "shop/b.py": "from .a import x\n",
            "shop/services.py": "def enqueue():\n    from .tasks import run\n",
            "shop/tasks.py": "from . import services\n",
        },
    )
    layers = parse_layers(SYNTHETIC_LAYERS)
    _violations, imports = check(root, layers)
    assert module_cycles(imports, layers) == [["shop.a", "shop.b"]]
    assert module_cycles(imports, layers, module_level_only=False) == [
        ["shop.a", "shop.b"],
        ["shop.services", "shop.tasks"],
    ]


def test_type_checking_imports_are_not_module_level(tmp_path):
    path = tmp_path / "shop" / "a.py"
    path.parent.mkdir()
    path.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from shop import b\nfrom shop import c\n")
    for name in ("b", "c"):
        (tmp_path / "shop" / f"{name}.py").touch()
    imports = read_imports(tmp_path, path, {"shop", "shop.a", "shop.b", "shop.c"})
    assert [(item.target, item.line, item.module_level) for item in imports] == [
        ("shop.b", 3, False),
        ("shop.c", 4, True),
    ]
