"""Slides from the same source: every lesson converts to a reveal.js slideshow with enough slides,
learners see no teacher's notes, and every instructor notebook carries them."""
import re

import nbformat
import pytest
from nbconvert import SlidesExporter

from conftest import ROOT

LEARNER = sorted((ROOT / "notebooks").glob("*.ipynb"))
INSTRUCTOR = sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))
EXPORTER = SlidesExporter()
# what the teacher's notes of each lesson must hold (written in lessons_src as instructor cells)
PARTS = {"objectives": "**Learning objectives.**", "45-minute plan": "**Plan for a 45-minute class.**",
         "90-minute plan": "**Plan for a 90-minute class.**", "a question with its answer": "**Predict, then run",
         "misconceptions": "**Misconceptions this lesson meets"}


def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type")


@pytest.mark.parametrize("path", LEARNER + INSTRUCTOR, ids=lambda p: str(p.relative_to(ROOT)))
def test_lesson_converts_to_at_least_8_slides(path):
    html, _ = EXPORTER.from_notebook_node(nbformat.read(path, as_version=4))
    assert len(re.findall(r"<section\b", html)) >= 8, f"{path.name}: fewer than 8 slides"


@pytest.mark.parametrize("path", LEARNER, ids=lambda p: p.name)
def test_learners_get_no_notes(path):
    nb = nbformat.read(path, as_version=4)
    assert not [c for c in nb.cells if slide_type(c) == "notes" or "instructor" in c.metadata.get("tags", [])]
    assert "Teacher's notes" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", INSTRUCTOR, ids=lambda p: p.name)
def test_instructor_notebook_has_teachers_notes_as_speaker_notes(path):
    nb = nbformat.read(path, as_version=4)
    notes = [c for c in nb.cells if "instructor" in c.metadata.get("tags", [])]
    assert notes and all(slide_type(c) == "notes" for c in notes)
    text = "\n".join(c.source for c in notes)
    missing = [name for name, marker in PARTS.items() if marker not in text]
    assert not missing, f"{path.name}: the teacher's notes lack {missing}"
    assert "*Answer.*" in text
    # the overview (objectives and both plans) comes before the first section
    first_section = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith("## "))
    overview = next(i for i, c in enumerate(notes) if "**Learning objectives.**" in c.source)
    assert nb.cells.index(notes[overview]) < first_section


@pytest.mark.parametrize("path", LEARNER, ids=lambda p: p.name)
def test_every_section_starts_a_slide(path):
    nb = nbformat.read(path, as_version=4)
    headings = [c for c in nb.cells if c.cell_type == "markdown" and re.match(r"#{1,2} ", c.source)]
    assert headings and all(slide_type(c) == "slide" for c in headings), \
        [c.source.split("\n")[0] for c in headings if slide_type(c) != "slide"]
