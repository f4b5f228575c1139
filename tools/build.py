"""Build the notebooks from lessons_src/: notebooks/NN_name.ipynb for learners (exercises
blank) and notebooks/solutions/NN_name.ipynb for instructors (exercises solved).

    python tools/build.py            write the notebooks
    python tools/build.py --check    change nothing; exit 1, naming each notebook that differs

The instructor notebooks are nbgrader source notebooks: solution regions keep their
### BEGIN/END SOLUTION markers and carry nbgrader's solution metadata, and each check cell
(`NAME_used = check.NAME(...)`) is an autograded, locked test cell.
"""
import hashlib
import re
import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
NAV = "<!-- nav -->", "<!-- /nav -->"
CHECK_CELL = re.compile(r"^\w+_used = check\.(\w+)\(", re.M)   # the test cell of exercise NAME
KEPT_METADATA = ("tags", "slideshow")
MAP = "<!-- lesson map -->", "<!-- /lesson map -->"
# The first code cell of every notebook (not a slide). On a JupyterHub that pulled this repository
# (nbgitpuller) the image has the dependencies but not the package: the cell finds `backprop_lab`
# in the repository (from notebooks/, notebooks/solutions/ or my_notebooks/); where it cannot,
# it says how to install it in one line instead of a traceback, and Run All stops there.
FIND_PACKAGE = """\
# Finds the lessons' package, backprop_lab: installed, or in this repository (as on a JupyterHub).
import sys
from pathlib import Path

try:
    import backprop_lab
except ModuleNotFoundError:
    here = Path.cwd().resolve()
    found = [p for p in (here, *here.parents[:2]) if (p / "backprop_lab" / "__init__.py").is_file()]
    if not found:
        class PackageNotFound(Exception):
            def _render_traceback_(self):       # IPython shows this one line, not a traceback
                return [str(self)]
        raise PackageNotFound("backprop_lab is not installed: in a terminal, in the folder of the "
                              "Backprop Lab repository, run  pip install -r requirements.txt")
    sys.path.insert(0, str(found[0]))"""


def title_and_summary(source):
    """A lesson's title (its first heading) and one-line summary (its first '>' line)."""
    text = source.read_text(encoding="utf-8")
    title, summary = re.search(r"^# # (.+)$", text, re.M), re.search(r"^# > (.+)$", text, re.M)
    if not (title and summary):
        sys.exit(f"{source}: its first markdown cell needs a '# # NN · Title' line and a '# > summary' line")
    return title.group(1), summary.group(1)


def blank_solutions(code):
    """Replace each BEGIN/END SOLUTION block by a stub at the block's indentation."""
    def stub(match):
        return f"{match.group(1)}# YOUR CODE HERE\n{match.group(1)}raise NotImplementedError()"
    pattern = rf"^([ \t]*){re.escape(BEGIN)}\n.*?^[ \t]*{re.escape(END)}[ \t]*$"
    return re.sub(pattern, stub, code, flags=re.M | re.S)


def keep_solutions(code):
    """The solution as a learner reads it under "Reveal the solution": no markers."""
    return "\n".join(line for line in code.split("\n") if line.strip() not in (BEGIN, END))


def reveal(code):
    """A collapsed block under a learner's exercise that shows the solution when clicked."""
    return ("<details><summary><b>Reveal the solution</b> (try first!)</summary>\n\n"
            f"```python\n{keep_solutions(code)}\n```\n\n</details>")


def nbgrader(grade_id, solution=False, points=None):
    """nbgrader's cell metadata: a solution cell, or (with points) a locked autograded test."""
    meta = {"grade": points is not None, "grade_id": grade_id, "locked": points is not None,
            "schema_version": 3, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def exercise_name(code, k):
    """The name an exercise defines (its def or class), for a stable nbgrader grade_id."""
    found = re.search(r"^(?:def|class) (\w+)", code, re.M)
    return found.group(1) if found else f"answer_{k}"


def kept(cell, new_cell):
    """new_cell with the metadata of cell that the notebooks keep (tags, slides)."""
    new_cell.metadata.update({k: v for k, v in cell.metadata.items() if k in KEPT_METADATA})
    return new_cell


def cells_for(nb, learner):
    for k, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        new = nbformat.v4.new_code_cell if cell.cell_type == "code" else nbformat.v4.new_markdown_cell
        is_solution = "solution" in tags or (cell.cell_type == "code" and BEGIN in cell.source)
        if "instructor" in tags and learner:
            continue
        if is_solution and learner:
            if "solution" in tags:
                yield new("# YOUR CODE HERE" if cell.cell_type == "code" else "*Your answer here.*")
            else:
                yield kept(cell, new(blank_solutions(cell.source)))
            yield nbformat.v4.new_markdown_cell(reveal(cell.source))
        elif is_solution:
            source = cell.source if BEGIN in cell.source or cell.cell_type != "code" else \
                f"{BEGIN}\n{cell.source}\n{END}"
            solution = kept(cell, new(source))
            solution.metadata["nbgrader"] = nbgrader(exercise_name(cell.source, k), solution=True)
            yield solution
        elif cell.cell_type == "code" and CHECK_CELL.search(cell.source):
            test = kept(cell, new(cell.source))
            if not learner:
                points = cell.metadata.get("points", 1)
                test.metadata["nbgrader"] = nbgrader(f"check_{CHECK_CELL.search(cell.source).group(1)}",
                                                     points=points)
            yield test
        else:
            yield kept(cell, new(cell.source))


def navigation(sources, i):
    links = []
    if i > 0:
        links.append(f"[← {title_and_summary(sources[i - 1])[0]}]({sources[i - 1].stem}.ipynb)")
    links.append(f"[Contents]({sources[0].stem}.ipynb)")
    if i + 1 < len(sources):
        links.append(f"[{title_and_summary(sources[i + 1])[0]} →]({sources[i + 1].stem}.ipynb)")
    return f"{NAV[0]}\n{' | '.join(links)}\n{NAV[1]}"


def lesson_map(sources):
    rows = [f"| [{title}]({s.stem}.ipynb) | {summary} |"
            for s in sources for title, summary in [title_and_summary(s)]]
    return "\n".join([MAP[0], "| lesson | what you do |", "| --- | --- |", *rows, MAP[1]])


def build(sources, i, learner):
    """The notebook text for lesson sources[i], learner or instructor version."""
    source = sources[i]
    nb = jupytext.reads(source.read_text(encoding="utf-8"), fmt="py:percent")
    find_package = nbformat.v4.new_code_cell(FIND_PACKAGE, metadata={"slideshow": {"slide_type": "skip"}})
    nav = nbformat.v4.new_markdown_cell(navigation(sources, i), metadata={"slideshow": {"slide_type": "skip"}})
    cells = [nav, find_package, *cells_for(nb, learner), nbformat.v4.new_markdown_cell(nav.source, metadata=nav.metadata)]
    seen = {}
    for cell in cells:
        cell.source = cell.source.replace(f"{MAP[0]}\n{MAP[1]}", lesson_map(sources))
        digest = hashlib.sha1(f"{cell.cell_type}\n{cell.source}".encode()).hexdigest()[:12]
        seen[digest] = seen.get(digest, -1) + 1          # stable ids, unique within the notebook
        cell.id = f"{digest}-{seen[digest]}"
    # For authors, out of the learner's view: where the notebook comes from.
    made_from = {"source": f"lessons_src/{source.name}", "built_by": "tools/build.py",
                 "version": "learner" if learner else "instructor", "edit": "the source, not this notebook"}
    out = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": KERNELSPEC, "language_info": {"name": "python"}, "backprop_lab": made_from})
    return nbformat.writes(out) + "\n"


# "section 7", "sections 2 and 3", "lesson 04's section 6", "section 6 of lesson 04"; a paper's
# section ("Kingma and Ba 2015, section 7") is not one of ours and is left alone.
SECTION_HEADING = re.compile(r"^# ## (\d+)\. ", re.M)
SECTION_REF = re.compile(r"(?<!\d{4}, )(?:\blesson (\d\d)(?:'s|,) )?\bsections? (\d+)"
                         r"((?:(?:, | and | or )\d+)*)(?: of lesson (\d\d))?", re.I)


def unresolved_section_references(sources):
    """Each "section N" in a lesson's text that names no heading '## N.' of the lesson it means."""
    texts = {s.name[:2]: s.read_text(encoding="utf-8") for s in sources}
    headings = {k: {int(n) for n in SECTION_HEADING.findall(t)} for k, t in texts.items()}
    problems = []
    for key, text in texts.items():
        prose = "\n".join(line for line in text.split("\n") if line.startswith("# "))   # markdown lines
        for ref in SECTION_REF.finditer(prose):
            lesson = ref.group(1) or ref.group(4) or key
            for n in [ref.group(2), *re.findall(r"\d+", ref.group(3))]:
                if int(n) not in headings.get(lesson, set()):
                    problems.append(f"lessons_src/{key}_*.py: {ref.group(0)!r}: lesson {lesson} has no section {n}")
    return problems


def main(check=False, root=ROOT):
    sources, out = sorted((root / "lessons_src").glob("[0-9][0-9]_*.py")), root / "notebooks"
    problems = unresolved_section_references(sources)
    if problems:
        print("\n".join(problems))
        return 1
    stale = [p for p in [*out.glob("*.ipynb"), *out.glob("solutions/*.ipynb")]
             if not (root / "lessons_src" / f"{p.stem}.py").exists()]   # no source: built from nothing
    for i, source in enumerate(sources):
        for learner, folder in ((True, out), (False, out / "solutions")):
            target, text = folder / f"{source.stem}.ipynb", build(sources, i, learner)
            if target.exists() and target.read_text(encoding="utf-8") == text:
                continue
            stale.append(target)
            if not check:
                folder.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    for path in stale:
        orphan = not (root / "lessons_src" / f"{path.stem}.py").exists()
        if orphan and not check:
            path.unlink()
        print(f"{'out of date' if check else 'removed' if orphan else 'wrote'}: {path.relative_to(root)}")
    if check and stale:
        print("notebooks/ is not what lessons_src/ builds to: run python tools/build.py")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv[1:]))
