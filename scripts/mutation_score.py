"""The mutation score per rule module, from the results `mutmut run` left in mutants/.

    python scripts/mutation_score.py            # the table
    python scripts/mutation_score.py --survivors # and each surviving mutant, by module

Score = mutants killed (a test failed, or timed out) / mutants tried. A mutant no selected test
reaches counts against the module, like one that survives: nothing protects that line.
"""

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from mutmut.stats import status_by_exit_code

# Module groups as docs/mutation.md reports them: (name, path prefixes of the mutated files).
MODULES = [
    ("scoring", ("evaluation/scoring.py",)),
    ("council services", ("evaluation/services/councils.py",)),
    ("transitions", ("evaluation/services/transitions.py",)),
    ("certificates", ("evaluation/services/certificates/",)),
    ("support services", ("support/services.py",)),
    ("importing", ("products/importing.py",)),
    ("report figures and definitions", ("reports/figures.py", "reports/definitions.py")),
    ("rules", ("evaluation/rules/", "products/rules.py", "support/rules.py", "reports/rules.py", "ocop_portal/")),
    ("selectors", ("evaluation/selectors/", "products/selectors.py", "support/selectors.py", "reports/selectors.py")),
]
KILLED = {"killed", "timeout", "caught by type check"}


def module_of(path: str) -> str:
    for name, prefixes in MODULES:
        if path.startswith(prefixes):
            return name
    return path


def collect(root: Path) -> dict[str, dict[str, str]]:
    """{module: {mutant name: status}} from mutmut's .meta files."""
    results: dict[str, dict[str, str]] = defaultdict(dict)
    for meta in sorted(root.rglob("*.py.meta")):
        source = meta.relative_to(root).as_posix().removesuffix(".meta")
        for mutant, exit_code in json.loads(meta.read_text())["exit_code_by_key"].items():
            results[module_of(source)][mutant] = status_by_exit_code[exit_code]
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("mutants"))
    parser.add_argument("--survivors", action="store_true", help="list the mutants no test killed")
    arguments = parser.parse_args()
    results = collect(arguments.root)
    if not results:
        print(f"No mutmut results under {arguments.root}/: run `make mutate` first.", file=sys.stderr)
        return 1
    order = [name for name, _prefixes in MODULES if name in results]
    order += sorted(set(results) - set(order))  # a file of no group (make mutate-module), by its path
    print(f"{'module':34} {'mutants':>7} {'killed':>7} {'survived':>8} {'no test':>7} {'other':>5} {'score':>7}")
    totals: Counter = Counter()
    for module in order:
        counts = Counter(results[module].values())
        tried = sum(n for status, n in counts.items() if status not in ("not checked", "skipped"))
        killed = sum(counts[status] for status in KILLED)
        other = tried - killed - counts["survived"] - counts["no tests"]
        totals.update(tried=tried, killed=killed, survived=counts["survived"], no_tests=counts["no tests"], other=other)
        score = f"{100 * killed / tried:.1f} %" if tried else "—"
        print(f"{module:34} {tried:7} {killed:7} {counts['survived']:8} {counts['no tests']:7} {other:5} {score:>7}")
    score = f"{100 * totals['killed'] / totals['tried']:.1f} %" if totals["tried"] else "—"
    print(
        f"{'all':34} {totals['tried']:7} {totals['killed']:7} {totals['survived']:8} {totals['no_tests']:7}"
        f" {totals['other']:5} {score:>7}"
    )
    if arguments.survivors:
        for module in order:
            left = sorted(name for name, status in results[module].items() if status in ("survived", "no tests"))
            if left:
                print(f"\n{module}:")
                for name in left:
                    print(f"  {name}  ({results[module][name]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
