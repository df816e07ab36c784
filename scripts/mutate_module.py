"""`mutmut` with the modules to mutate and the tests to run narrowed from the environment.

    MUTATE_ONLY="evaluation/services/reevaluation.py" \
    MUTATE_TESTS="evaluation/tests/test_reevaluation_window.py evaluation/tests/test_province_reevaluation.py" \
        python scripts/mutate_module.py run --max-children 1

`make mutate-module MODULE=… TESTS=…` sets these (docs/mutation.md). Without them this is plain
`mutmut` with `pyproject.toml`'s `[tool.mutmut]`. Both are space-separated: MUTATE_ONLY holds
glob patterns of files to mutate (replacing `only_mutate`), MUTATE_TESTS pytest paths or node ids
(replacing `pytest_add_cli_args_test_selection`). A module's own unit tests run a mutant in
seconds, where the whole selection takes minutes on this shared machine. The same environment
must be given to `results`/`show`, so they read the same configuration. MUTATE_TIMEOUT_CONSTANT
(seconds, mutmut's `timeout_constant`) raises the time limit of mutants whose tests run under a
frozen clock.
"""

import os

import mutmut.configuration as configuration

_load_config = configuration._load_config


def _narrowed_config():
    config = _load_config()
    if only := os.environ.get("MUTATE_ONLY", "").split():
        config.only_mutate = only
    if tests := os.environ.get("MUTATE_TESTS", "").split():
        config.pytest_add_cli_args_test_selection = tests
    if constant := os.environ.get("MUTATE_TIMEOUT_CONSTANT"):
        # A test under freezegun's frozen clock records 0 s, so a function reached only by such
        # tests gets mutmut's floor of 30 CPU-seconds, which a forked session on this shared
        # machine overruns: every one of its mutants came back "timeout" (SIGXCPU, exit -24).
        config.timeout_constant = float(constant)
    return config


configuration._load_config = _narrowed_config

if __name__ == "__main__":
    from mutmut.__main__ import cli

    cli()
