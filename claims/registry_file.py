"""The registry as a value: the labels, guidelines, actors and targets of a
registry file (YAML or TOML), apart from any project.

``Registry`` is what a team keeps under version control, what a dataset folder
and a model directory carry (``SNAPSHOT_FILE``), and what prediction resolves
against; ``Registry.finder`` finds its names in text. Names are checked here
(``check_name``) for the store-backed functions of ``claims.registry`` too.

Pure: it reads and writes files and never imports the store, so that
``claims.predict`` and the models can use a registry without a project.
"""
from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w
import yaml

from claims import folders
from claims.errors import ClaimsError, InputError, require_file
from claims.mentions import MentionFinder
from claims.records import ACTOR_KINDS, TARGET_KINDS, Actor, Target, kind_named
from claims.schema import Label
from claims.text import clean_name, clitic_forms, normalize

KINDS = {"actor": ACTOR_KINDS, "target": TARGET_KINDS}
DEFAULT_KINDS = {
    "actor": "organisation",
    "target": "topic",
}  # for registry file entries without a kind
SNAPSHOT_FILE = "registry.yaml"  # the registry that a dataset folder and a model directory carry
NAME_LIMIT = 200
# libyaml: linear in the nesting depth (PyYAML's Python parser is quadratic) and
# refuses nesting over 1,000 levels. Both are safe loaders.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def check_name(value: str, what: str) -> str:
    """A registry name or alias as stored (``claims.text.clean_name``: invisible
    characters dropped, white space folded); refuses empty names and control or
    direction-override characters (they make names that look alike but differ)."""
    if not isinstance(value, str):
        raise ClaimsError(f"The {what} must be text, not {type(value).__name__}.")
    value = clean_name(value, f"The {what}")
    if not value or not normalize(value).strip():
        raise ClaimsError(f"The {what} is empty.")
    if len(value) > NAME_LIMIT:
        raise ClaimsError(f"The {what} {value[:40]!r}… is longer than {NAME_LIMIT} characters.")
    return value


def name_from_text(text: str) -> tuple[str, str | None]:
    r"""A registry name for a text taken from data (a headline or a claim used as
    a target): white space folded and control characters dropped; a text longer
    than the name limit is cut at a word and marked with a short hash of the
    whole text, so two long claims that begin alike stay two targets. Returns the
    name and, when the name is not the whole text, the text as a description.

    >>> name_from_text("Russia  intends to\ninvade Ukraine")
    ('Russia intends to invade Ukraine', None)
    >>> name, description = name_from_text("word " * 60)
    >>> len(name) <= 200, name.endswith("…"), name[-9:-1], len(description)
    (True, True, '[503ed1]', 299)
    """
    folded = " ".join(_UNPRINTABLE.sub(" ", text).split())
    if len(folded) <= NAME_LIMIT:
        return folded, None
    digest = hashlib.sha256(folded.encode("utf-8")).hexdigest()[:6]
    suffix = f" [{digest}]…"
    cut = folded[: NAME_LIMIT - len(suffix) + 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut[:-1]
    return cut + suffix, folded


@dataclass(frozen=True)
class Registry:
    """A registry apart from any project: the labels, guidelines, actors and
    targets that a registry file holds, and that a model directory carries as the
    snapshot it was trained with. Records read from a file have no id."""

    actors: tuple[Actor, ...] = ()
    targets: tuple[Target, ...] = ()
    labels: tuple[Label, ...] = ()
    guidelines: str = ""

    @classmethod
    def read(cls, path: str | Path) -> Registry:
        """A YAML or TOML registry file, checked whole: names, kinds, one owner per alias."""
        path = Path(path)
        data = _load_registry_file(path)
        actors = _entries(path, data, "actors", {"name", "kind", "aliases", "parent", "member_of"})
        targets = _entries(path, data, "targets", {"name", "kind", "aliases", "description"})
        labels = _entries(path, data, "labels", {"name", "description"})
        for section, entries in (("actors", actors), ("targets", targets), ("labels", labels)):
            _check_names_unique(path, section, entries)
        for number, entry in enumerate(labels, start=1):
            if "," in entry["name"]:
                raise InputError(str(path), f"labels[{number}]: the label {entry['name']!r} has "
                                            "a comma; label names are single words or phrases")
        _resolve_parents(path, actors)
        _check_aliases_unique(path, "actor", actors)
        _check_aliases_unique(path, "target", targets)
        return cls(
            tuple(
                Actor(
                    None, e["name"], _kind(path, e, "actor"), e.get("parent"),
                    tuple(e.get("aliases", [])), e.get("speaks_for_parent", True),
                )
                for e in actors
            ),
            tuple(
                Target(
                    None, e["name"], _kind(path, e, "target"), e.get("description"),
                    tuple(e.get("aliases", [])),
                )
                for e in targets
            ),
            tuple(Label(e["name"], str(e.get("description", ""))) for e in labels),
            str(data.get("guidelines") or ""),
        )

    def data(self) -> dict:
        """Plain data for a YAML or TOML file (a name is not repeated among its aliases)."""
        def entry(record, **extra) -> dict:
            aliases = [alias for alias in dict.fromkeys(record.aliases) if alias != record.name]
            values = {"name": record.name, "kind": record.kind, **extra, "aliases": aliases}
            return {key: value for key, value in values.items() if value not in (None, [])}

        return {
            "labels": [
                {"name": label.name, "description": label.description} for label in self.labels
            ],
            "guidelines": self.guidelines,
            "actors": [entry(actor, **{_parent_field(actor): actor.parent})
                       for actor in self.actors],
            "targets": [entry(target, description=target.description) for target in self.targets],
        }

    def write(self, path: str | Path) -> None:
        """Write the registry as YAML (libyaml's emitter where installed: 100,000 actors in
        seconds) or TOML, chosen by the file's suffix; written whole, then moved into place."""
        path = Path(path)
        if path.suffix.lower() == ".toml":
            text = tomli_w.dumps(self.data())
        elif path.suffix.lower() in (".yaml", ".yml"):
            text = yaml.dump(self.data(), Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                             width=100)
        else:
            raise ClaimsError(
                f"{path}: unknown registry format; name the file .yaml, .yml or .toml."
            )
        with folders.written_whole(path) as temporary:
            temporary.write_text(text, encoding="utf-8")

    def finder(self) -> MentionFinder:
        """A MentionFinder over every name and alias of the actors and targets."""
        return MentionFinder(
            [
                (kind, record.name, alias)
                for kind, records in (("actor", self.actors), ("target", self.targets))
                for record in records
                for alias in dict.fromkeys((record.name, *record.aliases))
            ]
        )


MAX_FILE_BYTES = 64 * 2 ** 20  # a registry or guidelines file; far more is not one


def read_text_file(path: Path) -> str:
    """A UTF-8 text file (without its byte-order mark); one that cannot be read is an
    InputError: also a FIFO or a device (which would hang or never end) and a file over
    ``MAX_FILE_BYTES``."""
    require_file(path)
    if path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(str(path), f"larger than {MAX_FILE_BYTES >> 20} MB; not a registry or "
                                    "guidelines file")
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "a folder, not a file") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not valid UTF-8") from None


def read_guidelines(path: str | Path) -> str:
    """The Markdown text of a guidelines file."""
    text = read_text_file(Path(path))
    if not text.strip():
        raise InputError(str(path), "empty guidelines file")
    return text


def _load_registry_file(path: Path) -> dict:
    text = read_text_file(path)
    try:
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(text)
        elif path.suffix.lower() in (".yaml", ".yml"):
            # Anchors and aliases are refused outright: they are never needed in a
            # registry and let a small file expand into gigabytes.
            events = yaml.parse(text, Loader=_LOADER)
            if any(isinstance(event, yaml.AliasEvent) for event in events):
                raise InputError(
                    str(path), "YAML aliases (*name) are not allowed in a registry file"
                )
            loader = _LOADER(text)  # safe_load, with libyaml's safe loader where it is there
            try:
                data = loader.get_single_data()
            finally:
                loader.dispose()
        else:
            raise InputError(
                str(path), "unknown registry format; name the file .yaml, .yml or .toml"
            )
    except RecursionError:
        raise InputError(str(path), "nested too deeply to be a registry file") from None
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        raise InputError(
            str(path), f"not valid {path.suffix[1:].upper()} ({str(error).splitlines()[0]})",
            line=line + 1 if line is not None else None,
        ) from None
    if data is None:
        raise InputError(str(path), "empty registry file")
    if not isinstance(data, dict):
        raise InputError(
            str(path), "expected a mapping with 'actors', 'targets', 'labels' or 'guidelines'"
        )
    unknown = set(data) - {"actors", "targets", "labels", "guidelines"}
    if unknown:
        raise InputError(str(path), f"unknown section(s) {', '.join(sorted(map(repr, unknown)))}; "
                                    "use actors, targets, labels, guidelines")
    return data


def _resolve_parents(path: Path, actors: list[dict]) -> None:
    """A parent is an actor of the same file (the file is the whole registry), named by its
    name or an alias: the name is kept, so that importing the file again changes nothing."""
    names = [entry["name"] for entry in actors]
    canonical = {normalize(name): entry["name"] for entry in actors
                 for name in (entry["name"], *entry["aliases"])}
    for number, entry in enumerate(actors, start=1):
        parent = entry.get("parent")
        if parent is not None and normalize(parent) not in canonical:
            near = difflib.get_close_matches(parent, names, 1)
            hint = f"; did you mean {near[0]!r}?" if near else "; add it to the file's actors"
            field = "parent" if entry.get("speaks_for_parent", True) else "member_of"
            raise InputError(str(path), f"actors[{number}] ({entry['name']!r}): its {field} "
                                        f"{parent!r} is no actor of this file{hint}")
        if parent is not None:
            entry["parent"] = canonical[normalize(parent)]


def _parent_field(actor: Actor) -> str:
    return "parent" if actor.speaks_for_parent else "member_of"


def _entries(path: Path, data: dict, section: str, fields: set[str]) -> list[dict]:
    entries = data.get(section) or []
    if not isinstance(entries, list):
        raise InputError(str(path), f"'{section}' must be a list")
    for number, entry in enumerate(entries, start=1):
        where = f"{section}[{number}]"
        if not isinstance(entry, dict) or "name" not in entry:
            raise InputError(str(path), f"{where}: expected a mapping with a 'name'")
        if set(entry) - fields:
            unknown = sorted(set(entry) - fields)
            meant = [close[0] for field in unknown
                     if (close := difflib.get_close_matches(str(field), sorted(fields), 1))]
            hint = f" (did you mean {', '.join(map(repr, meant))}?)" if meant else ""
            raise InputError(str(path), f"{where}: unknown field(s) "
                                        f"{', '.join(map(repr, unknown))}{hint}")
        member_of = entry.pop("member_of", None)  # belongs to it but speaks for himself
        if member_of is not None:
            if not isinstance(member_of, str):
                raise InputError(str(path), f"{where}: 'member_of' must be text, not "
                                            f"{type(member_of).__name__}")
            if entry.get("parent") is not None:
                raise InputError(str(path), f"{where}: give 'parent' (whom the actor speaks "
                                            "for) or 'member_of' (what it belongs to), not both")
            entry["parent"], entry["speaks_for_parent"] = member_of, False
        if not isinstance(entry.get("aliases", []), list):
            raise InputError(str(path), f"{where}: 'aliases' must be a list")
        for field in ("kind", "parent", "description"):
            if entry.get(field) is not None and not isinstance(entry[field], str):
                raise InputError(
                    str(path), f"{where}: '{field}' must be text, not {type(entry[field]).__name__}"
                )
        try:
            if entry.get("parent") is not None:
                entry["parent"] = check_name(entry["parent"], "parent")
            entry["name"] = check_name(entry["name"], "name")
            entry["aliases"] = [check_name(alias, "alias") for alias in entry.get("aliases", [])]
        except ClaimsError as error:
            raise InputError(str(path), f"{where}: {error}") from None
    return entries


def _check_names_unique(path: Path, section: str, entries: list[dict]) -> None:
    """One entry per name: a second would silently replace the first."""
    seen: set[str] = set()
    for entry in entries:
        key = normalize(entry["name"])
        if key in seen:
            raise InputError(str(path), f"{section}: {entry['name']!r} is listed twice")
        seen.add(key)


def _kind(path: Path, entry: dict, kind: str) -> str:
    value = entry.get("kind", DEFAULT_KINDS[kind])
    value = kind_named(value)
    if value not in KINDS[kind]:
        raise InputError(
            str(path),
            f"{kind} {entry['name']!r}: Unknown {kind} kind {value!r}; "
            f"use one of: {', '.join(KINDS[kind])}",
        )
    return value


_PARTICLES = {normalize(p) for p in "و ف ب ل ك وب فب ول فل وك فك".split()}


def _check_aliases_unique(path: Path, kind: str, entries: list[dict]) -> None:
    owners: dict[str, str] = {}
    written = [(entry["name"], alias) for entry in entries
               for alias in [entry["name"], *entry.get("aliases", [])]]
    for name, alias in written:
        key = normalize(str(alias).strip())
        if owners.setdefault(key, name) != name:
            raise InputError(str(path), f"the alias {alias!r} is given to two {kind}s: "
                                        f"{owners[key]!r} and {name!r}")
    # Matching sees through proclitics: «وموسكو» on one actor and «موسكو» on another would
    # both match «وموسكو» in a text. Only the one-letter particles are read so: an article
    # or a verb's prefix starts names too («الجعفري» and «جعفري», «سيليمان» and «ليمان»).
    for name, alias in written:
        first, _, rest = normalize(str(alias).strip()).partition(" ")
        for prefix, stem in clitic_forms(first)[1:]:
            if first[:prefix] not in _PARTICLES:
                continue
            other = owners.get(" ".join(filter(None, (stem, rest))))
            if other is not None and other != name:
                raise InputError(str(path), f"the alias {alias!r} of {name!r} is {other!r}'s "
                                            f"alias behind the proclitic «{first[:prefix]}»: "
                                            "matching sees through proclitics, give it once")
