"""Claim shards: the Parquet files of claims that ``claims predict --input`` writes
(``claims.archive``) and ``claims track --input`` reads (``claims.track_parquet``).

What a shard holds is fixed here, in one place: its columns with their Arrow
types and the key-value metadata that names the model that wrote it, the input
it was made from (with a fingerprint) and the labels and kinds tracking needs.
Paths may be fsspec URLs.
"""

from __future__ import annotations

import hashlib

from claims.errors import ClaimsError

META_ORIGIN, META_FINGERPRINT, META_INPUT = b"claims.origin", b"claims.fingerprint", b"claims.input"
META_LABELS, META_KINDS = b"claims.labels", b"claims.kinds"  # the schema's labels, in its order
META_SPEAKERS = b"claims.speakers"  # the speaker model's version, or "rules"
RULES = "rules"
FOOTER_BYTES = 1 << 16  # a fingerprint hashes the size and the last 64 KiB: Parquet's footer
CLAIM_COLUMNS = {  # the columns of a claim shard, in order, with their Arrow types
    "article": "string",
    "title": "string",
    "published": "string",
    "source": "string",
    "content_hash": "string",
    "start": "int64",
    "end": "int64",
    "text": "string",
    "actor": "string",
    "actor_registered": "bool",
    "actor_parent": "string",
    "actor_written": "string",
    "actor_start": "int64",
    "actor_end": "int64",
    "actor_how": "string",
    "actor_confidence": "double",
    "cue_start": "int64",
    "cue_end": "int64",
    "content_start": "int64",
    "content_end": "int64",
    "actor_kind": "string",
    "actor_top": "string",
    "target": "string",
    "target_kind": "string",
    "target_confidence": "double",
    "stance": "string",
    "stance_confidence": "double",
    "stance_source": "string",
    "origin": "string",
}


def filesystem(url: str):
    """The fsspec filesystem of ``url`` and the path on it."""
    import fsspec

    return fsspec.core.url_to_fs(url)


def shard_paths(patterns: list[str]) -> list[str]:
    """The shards named by ``patterns`` (paths, globs or fsspec URLs), sorted, each once."""
    found = []
    for pattern in patterns:
        fs, path = filesystem(pattern)
        matches = sorted(fs.glob(path)) if any(char in path for char in "*?[") else [path]
        if not matches or not fs.exists(matches[0]):
            raise ClaimsError(f"No Parquet shard matches {pattern!r}.")
        found += [fs.unstrip_protocol(match) if "://" in pattern else match for match in matches]
    return list(dict.fromkeys(found))


def fingerprint(url: str) -> str:
    """A cheap fingerprint of a shard: its size and the hash of its footer (the
    Parquet metadata: schema, row groups, offsets, statistics), so a rerun over
    terabytes does not read them all to know what changed."""
    fs, path = filesystem(url)
    size = fs.size(path)
    with fs.open(path, "rb") as stream:
        stream.seek(max(0, size - FOOTER_BYTES))
        footer = stream.read()
    return f"{size}:{hashlib.sha256(footer).hexdigest()[:32]}"


def shard_metadata(url: str) -> dict[bytes, bytes]:
    """The key-value metadata of a claim shard (empty when it has none)."""
    import pyarrow.parquet as pq

    fs, path = filesystem(url)
    return pq.read_schema(path, filesystem=fs).metadata or {}
