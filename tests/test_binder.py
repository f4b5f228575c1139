"""binder/ is complete on its own, its pins satisfy requirements.txt, and the lessons run in an
environment built from it the way Binder builds one: the pins, then postBuild."""
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

BINDER = ROOT / "binder"
COPY_IGNORES = shutil.ignore_patterns(".git", ".venv", "venv", "my_notebooks", "__pycache__", "*.egg-info",
                                      ".pytest_cache", ".hypothesis", "build")


def requirement_lines(path):
    return [line.strip() for line in Path(path).read_text().splitlines()
            if line.strip() and not line.strip().startswith("#")]


def test_binder_folder_is_complete_on_its_own():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    post_build = BINDER / "postBuild"
    assert post_build.read_text().startswith("#!") and "\nset -e\n" in post_build.read_text()
    assert os.access(post_build, os.X_OK)
    for line in requirement_lines(BINDER / "requirements.txt"):
        assert not line.startswith("-"), f"binder/requirements.txt cannot use local options: {line}"
        assert str(Requirement(line).specifier).startswith("=="), f"not an exact pin: {line}"


def test_binder_pins_satisfy_the_ranges_of_requirements_txt():
    pins = {canonicalize_name(Requirement(line).name): next(iter(Requirement(line).specifier)).version
            for line in requirement_lines(BINDER / "requirements.txt")}
    for line in requirement_lines(ROOT / "requirements.txt"):
        if line.startswith("-e"):
            continue
        wanted = Requirement(line)
        name = canonicalize_name(wanted.name)
        assert name in pins, f"binder/requirements.txt pins no version of {wanted.name}"
        assert wanted.specifier.contains(pins[name]), f"binder pins {name}=={pins[name]}, outside {wanted}"


def test_every_package_dependency_has_a_tested_range():
    ranges = {canonicalize_name(Requirement(line).name) for line in requirement_lines(ROOT / "requirements.txt")
              if not line.startswith("-")}
    with open(ROOT / "pyproject.toml", "rb") as f:
        dependencies = tomllib.load(f)["project"]["dependencies"]
    assert {canonicalize_name(Requirement(d).name) for d in dependencies} <= ranges


def test_lessons_run_in_an_environment_built_like_binder(tmp_path):
    repo, env = tmp_path / "repo", tmp_path / "env"
    shutil.copytree(ROOT, repo, ignore=COPY_IGNORES)
    subprocess.run([sys.executable, "-m", "venv", env], check=True)
    path = f"{env / 'bin'}{os.pathsep}{os.environ['PATH']}"
    environ = {**os.environ, "PATH": path, "VIRTUAL_ENV": str(env), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    run = lambda *cmd: subprocess.run(cmd, cwd=repo, env=environ, check=True, capture_output=True, text=True)  # noqa: E731
    run("python", "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt")
    run("bash", "binder/postBuild")
    site = run("python", "-I", "-c", "import backprop_lab; print(backprop_lab.__file__)").stdout   # -I: not from cwd
    assert str(env) in site, f"postBuild did not install the package into the environment: {site}"
    # and jupyter-config/'s JupyterLab defaults where JupyterLab reads them
    setting = Path("labconfig", "default_setting_overrides.d", "backprop-lab.json")
    assert (env / "etc" / "jupyter" / setting).read_text() == (repo / "jupyter-config" / setting).read_text()
    lessons = sorted(str(p.relative_to(repo)) for p in (repo / "notebooks").glob("*.ipynb"))
    result = subprocess.run(["python", str(repo / "tools" / "run_notebooks.py"), *lessons],
                            cwd=repo, env=environ, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
