"""Shared test fixtures and the ``--accept`` flag that regenerates golden files."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED = SEEDS / "battle-of-rastan.md"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--accept", action="store_true", default=False,
        help="rewrite golden files with the current output instead of comparing",
    )


@pytest.fixture
def accept(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to regenerate golden files."""
    return bool(request.config.getoption("--accept"))


def check_golden(path: Path, actual: str, accept: bool) -> None:
    """Compare ``actual`` with the golden file ``path`` (or rewrite it with ``--accept``)."""
    if accept or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not accept:
            pytest.fail(f"golden file {path} did not exist; written now, review it and re-run")
        return
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), str(path), "actual", n=2
            )
        )
        rel = path.relative_to(ROOT)
        pytest.fail(
            f"{rel} differs from the output:\n{diff[:6000]}\n"
            f"If the new output is right, accept it with: python -m pytest {Path(__file__).parent.name} --accept",
            pytrace=False,
        )


@pytest.fixture
def golden(accept: bool):  # type: ignore[no-untyped-def]
    """``golden(relative_path, text)`` checks text against tests/golden/<relative_path>."""

    def _check(relative: str, actual: str) -> None:
        check_golden(GOLDEN / relative, actual, accept)

    return _check


def corpus_files() -> list[Path]:
    """The real-article fixtures copied into tests/fixtures/corpus/."""
    return sorted((FIXTURES / "corpus").glob("*.md"))
