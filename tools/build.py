"""Build the notebooks from lessons_src/: notebooks/NN_name.ipynb for learners (exercises
blank) and notebooks/solutions/NN_name.ipynb for instructors (exercises solved).

    python tools/build.py            write the notebooks
    python tools/build.py --check    change nothing; exit 1, naming each notebook that differs
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
MAP = "<!-- lesson map -->", "<!-- /lesson map -->"


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
    return "\n".join(line for line in code.split("\n") if line.strip() not in (BEGIN, END))


def reveal(code):
    """A collapsed block under a learner's exercise that shows the solution when clicked."""
    return ("<details><summary><b>Reveal the solution</b> (try first!)</summary>\n\n"
            f"```python\n{keep_solutions(code)}\n```\n\n</details>")


def cells_for(nb, learner):
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "instructor" in tags and learner:
            continue
        if "solution" in tags and learner:
            stub = "# YOUR CODE HERE" if cell.cell_type == "code" else "*Your answer here.*"
            yield nbformat.v4.new_code_cell(stub) if cell.cell_type == "code" else nbformat.v4.new_markdown_cell(stub)
            yield nbformat.v4.new_markdown_cell(reveal(cell.source))
        elif cell.cell_type == "code" and BEGIN in cell.source:
            yield nbformat.v4.new_code_cell(blank_solutions(cell.source) if learner else keep_solutions(cell.source))
            if learner:
                yield nbformat.v4.new_markdown_cell(reveal(cell.source))
        else:
            new = nbformat.v4.new_code_cell if cell.cell_type == "code" else nbformat.v4.new_markdown_cell
            yield new(cell.source)


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
    version = "learner version: exercises blank" if learner else "instructor version: exercises solved"
    header = (f"*Generated from `lessons_src/{source.name}` by `tools/build.py` ({version}). "
              f"Edit the source, not this notebook.*\n\n{navigation(sources, i)}")
    cells = [nbformat.v4.new_markdown_cell(header), *cells_for(nb, learner),
             nbformat.v4.new_markdown_cell(navigation(sources, i))]
    seen = {}
    for cell in cells:
        cell.source = cell.source.replace(f"{MAP[0]}\n{MAP[1]}", lesson_map(sources))
        digest = hashlib.sha1(f"{cell.cell_type}\n{cell.source}".encode()).hexdigest()[:12]
        seen[digest] = seen.get(digest, -1) + 1          # stable ids, unique within the notebook
        cell.id = f"{digest}-{seen[digest]}"
    out = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    return nbformat.writes(out) + "\n"


def main(check=False, root=ROOT):
    sources, out = sorted((root / "lessons_src").glob("[0-9][0-9]_*.py")), root / "notebooks"
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
