"""The README stays true: its lesson map, its two commands, its Binder link."""
import re
from urllib.parse import unquote

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_lesson_map_lists_exactly_the_lessons():
    listed = set(re.findall(r"\]\(notebooks/(\d\d_\w+)\.ipynb\)", README))
    assert listed == {p.stem for p in (ROOT / "lessons_src").glob("[0-9][0-9]_*.py")}


def test_the_two_commands_exist_and_ci_runs_the_test_command():
    assert "bash tools/start.sh" in README and "bash tools/test.sh" in README
    assert (ROOT / "tools" / "start.sh").exists() and (ROOT / "tools" / "test.sh").exists()
    assert "tools/test.sh" in (ROOT / ".ci" / "run").read_text()


def test_binder_link_opens_lesson_00_in_jupyterlab():
    link = re.search(r"https://mybinder\.org/v2/gh/[^)\s]+", README).group(0)
    labpath = unquote(re.search(r"labpath=([^&)]+)", link).group(1))
    assert labpath == "notebooks/00_start_here.ipynb" and (ROOT / labpath).exists()


def test_benchmarks_table_lists_exactly_the_scripts():
    listed = set(re.findall(r"^\| `(\w+\.py)` \|", README, flags=re.M))
    assert listed == {p.name for p in (ROOT / "benchmarks").glob("*.py")}


def test_readme_counts_the_torch_comparisons_that_skip_without_torch():
    import test_optim
    stated = re.search(r"(\d+) of\s+them in `tests/test_optim.py`", README)
    assert stated and int(stated.group(1)) == len(test_optim.TORCH_CASES)
    assert "pip install torch" in README and "tools/test.sh -k torch" in README


def test_licence_file_is_the_mit_licence_pyproject_names():
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Copyright (c) 2026 Backprop Lab contributors" in licence
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
