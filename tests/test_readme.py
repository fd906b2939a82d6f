"""The README's Python API examples run as doctests (issue 21: they did not run)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _examples() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks and any(">>> import convert" in b for b in blocks)
    return "\n".join(blocks)


@pytest.mark.slow
def test_readme_api_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # From a folder of their own that sees the repository's seeds: the examples write out/.
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(_examples(), {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 10
    assert (tmp_path / "out" / "rastan.pdf").read_bytes().startswith(b"%PDF-")


def test_dir_of_the_package_is_its_api() -> None:
    import convert

    assert dir(convert) == sorted(convert.__all__)
    assert not {"Any", "Path", "os"} & set(dir(convert))
    for name in convert.__all__:
        assert getattr(convert, name) is not None, name
