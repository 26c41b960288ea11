"""Dataset recipes: how to import a published dataset with its official splits.

A recipe is a small Python file under ``datasets/recipes/`` in the repository
(or any ``.py`` file given by path) that defines ``SOURCE`` (a
``claims.formats.Source``: name, licence, citation) and ``files(path)``: the
files (or folders of files) of the dataset's folder, each with the ``Mapping``
that reads it and, where its rows are nested or joined, a third item: the
``claims.reshape.Shape`` that makes them flat. This module finds and loads
recipes; ``Project.import_recipe`` runs them.
"""
from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from claims.errors import ClaimsError, InputError, NotFound, did_you_mean
from claims.formats import Mapping, Source
from claims.reshape import Shape

RECIPES = Path(__file__).resolve().parents[1] / "datasets" / "recipes"


@dataclass(frozen=True)
class Recipe:
    name: str
    source: Source
    summary: str
    files: Callable[[Path], list[tuple]]

    def parts(self, folder: str | Path) -> list[tuple[Path, Mapping, Shape | None]]:
        """The dataset's files in ``folder`` with their mappings (and shapes);
        every one must exist."""
        folder = Path(folder)
        if not folder.is_dir():
            raise InputError(
                str(folder), f"no such folder (the {self.name} dataset, as its authors publish it)"
            )
        parts = self.files(folder)
        if not parts:
            raise InputError(
                str(folder), f"not the {self.name} dataset: none of its files is there"
            )
        parts = [(part[0], part[1], part[2] if len(part) > 2 else None) for part in parts]
        for path, _, _ in parts:
            if not path.exists():
                inside = path.relative_to(folder)
                hint = (f" (it is in {folder.parent}: give that folder)"
                        if (folder.parent / inside).exists() else "")
                raise InputError(str(folder), f"not the {self.name} dataset: {inside} is "
                                              f"missing{hint}")
        return parts


def available() -> list[str]:
    """The names of the recipes in the repository."""
    return sorted(path.stem.replace("_", "-") for path in RECIPES.glob("*.py"))


def load(name: str) -> Recipe:
    """A recipe by name (``ans``, ``debatenet-migr15``, …) or by the path of its ``.py`` file."""
    if not name.endswith(".py") and not re.fullmatch(r"[\w-]{1,64}", name):
        raise NotFound(f"No recipe named {name!r}: a recipe name is letters, digits, '-' and '_' "
                       f"(or give the path of a .py file). The recipes: {', '.join(available())}.")
    path = Path(name) if name.endswith(".py") else RECIPES / f"{name.replace('-', '_').lower()}.py"
    if not path.is_file():
        if name.endswith(".py"):
            raise InputError(name, "no such recipe file")
        raise NotFound(f"No recipe named {name!r}.{did_you_mean(name, available())} "
                       f"The recipes: {', '.join(available())}.")
    spec = importlib.util.spec_from_file_location(f"claims_recipe_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    source, files = getattr(module, "SOURCE", None), getattr(module, "files", None)
    if not isinstance(source, Source) or not callable(files):
        raise ClaimsError(
            f"{path.name}: a recipe defines SOURCE (a claims.formats.Source) and files(path)."
        )
    summary = (module.__doc__ or source.name).strip().splitlines()[0]
    return Recipe(source.name, source, summary, files)
