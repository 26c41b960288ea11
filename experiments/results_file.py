"""Writing a section of experiments/results.md, the one place the scripts here record
their figures: a section runs from its "## Title" line to the next "## " heading."""
from __future__ import annotations

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"


def write_section(section: str, path: Path = RESULTS) -> None:
    """Replace the section whose title is ``section``'s first line (or append it),
    keeping every other section; written whole through a temporary file."""
    title = section.split("\n", 1)[0]
    current = path.read_text(encoding="utf-8") if path.exists() else "# Results\n"
    pattern = re.compile(rf"^{re.escape(title)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    section = section.rstrip("\n") + "\n\n"
    updated = (pattern.sub(lambda _: section, current) if pattern.search(current)
               else current.rstrip("\n") + "\n\n" + section)
    temporary = path.with_suffix(".md.tmp")
    temporary.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")
    temporary.replace(path)
