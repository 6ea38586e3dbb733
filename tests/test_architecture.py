"""The layers of docs/architecture.md hold: import-linter checks the contracts in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args], cwd=REPO, capture_output=True, text=True, timeout=600
    )


def test_the_layering_contracts_are_kept() -> None:
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_check_sees_a_broken_layer(tmp_path: Path) -> None:
    # The API is built on the core, so a contract forbidding that must be reported broken:
    # proof that the check reads this code base and would catch the reverse.
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_packages = ["voc", "api"]\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "api without voc"\ntype = "forbidden"\n'
        'source_modules = ["api"]\nforbidden_modules = ["voc.store"]\n'
    )
    result = lint_imports("--config", str(config))
    assert result.returncode != 0
    assert "api without voc BROKEN" in result.stdout.replace("\n", " ")
