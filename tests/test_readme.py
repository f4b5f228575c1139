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
