"""A segment's search arrays (facets._SegmentArrays) in a file beside the segment.

Building them reads every posting of the facet fields and every column value: seconds at 100k
articles. A Whoosh segment never changes once written, so they are kept in its generation's folder
as ``<segment id>.arrays<format>_<tag>.npz`` and loaded by every process that opens the segment
after the first.

Never a stale or partial file:
- the file is written to a temporary name (``….tmp``, which `check_index` lists if a killed process
  leaves one) and renamed into place: whole or absent;
- its name carries ARRAYS_FORMAT and a hash of the arrays' fields and the index fields they come
  from; inside, it names its segment and document count, and all four must match;
- zip's CRC-32 covers every array and numpy checks each array's header, so a cut or damaged file
  fails to load; such a file is ignored (logged) and replaced by a rebuilt one;
- the name matches Whoosh's pattern for a segment's files (the segment id, a dot, then only
  letters, digits, ``_`` and ``.``), so Whoosh deletes it with its segment when segments merge,
  and a generation's folder takes it along when the generation is removed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import threading
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from archive.search.schema import FACET_INDEX_FIELDS, TEXT_FIELDS

logger = logging.getLogger("archive.search")

# Bump when what an array means or how it is built changes (the tag below only sees names).
ARRAYS_FORMAT = 1
PER_DOC = ("ids", "published", "stories")  # arrays with one entry per docnum of the segment

T = TypeVar("T")


def _tag(cls: type) -> str:
    """A hash of the arrays' field names and the index fields they are read from."""
    described = json.dumps(
        [
            [f.name for f in dataclasses.fields(cls)],
            sorted(FACET_INDEX_FIELDS.items()),
            sorted(TEXT_FIELDS),
        ]
    )
    return hashlib.sha256(described.encode()).hexdigest()[:12]


def arrays_path(folder: Path, segment_id: str, cls: type) -> Path:
    return folder / f"{segment_id}.arrays{ARRAYS_FORMAT}_{_tag(cls)}.npz"


def _flatten(prefix: str, value: Any, arrays: dict[str, np.ndarray]) -> Any:
    """Put the arrays inside ``value`` in ``arrays`` under dotted names; return its layout."""
    if isinstance(value, np.ndarray):
        arrays[prefix] = value
        return "array"
    if isinstance(value, Mapping):
        return {"map": {key: _flatten(f"{prefix}.{key}", v, arrays) for key, v in value.items()}}
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return {"strings": list(value)}
    if isinstance(value, tuple):
        return {"tuple": [_flatten(f"{prefix}.{i}", v, arrays) for i, v in enumerate(value)]}
    raise TypeError(f"cannot save {prefix} ({type(value).__name__})")


def _unflatten(prefix: str, layout: Any, data) -> Any:
    if layout == "array":
        return data[prefix]  # reads the member: zipfile checks its CRC-32
    if "map" in layout:
        return {key: _unflatten(f"{prefix}.{key}", v, data) for key, v in layout["map"].items()}
    if "strings" in layout:
        return tuple(str(v) for v in layout["strings"])
    return tuple(_unflatten(f"{prefix}.{i}", v, data) for i, v in enumerate(layout["tuple"]))


def save(path: Path, segment_id: str, arrays: Any) -> None:
    """Write a segment's arrays (a dataclass of arrays, mappings and tuples) to ``path``."""
    named: dict[str, np.ndarray] = {}
    meta = {
        "format": ARRAYS_FORMAT,
        "segment": segment_id,
        "docs": int(arrays.ids.size),
        "layout": {
            f.name: _flatten(f.name, getattr(arrays, f.name), named)
            for f in dataclasses.fields(arrays)
        },
    }
    temporary = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            np.savez(handle, _meta=np.array(json.dumps(meta)), **named)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def load(path: Path, segment_id: str, docs: int, cls: type[T]) -> T | None:
    """The arrays ``path`` holds for this segment of ``docs`` documents, or None when it is
    missing or not exactly that: written for another segment, size or format, cut or damaged."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["_meta"][()]))
            found = (meta.get("format"), meta.get("segment"), meta.get("docs"))
            if found != (ARRAYS_FORMAT, segment_id, docs):
                raise ValueError(f"written as format, segment, docs {found}")
            layout = meta["layout"]
            if set(layout) != {f.name for f in dataclasses.fields(cls)}:
                raise ValueError(f"holds {sorted(layout)}")
            fields = {name: _unflatten(name, value, data) for name, value in layout.items()}
        per_doc = [fields[name] for name in PER_DOC if name in fields]
        per_doc += list(fields.get("lengths", {}).values())
        if any(values.shape != (docs,) for values in per_doc):
            raise ValueError("an array's length is not the segment's")
        return cls(**fields)
    except FileNotFoundError:
        return None
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        EOFError,
        zipfile.BadZipFile,
    ) as exc:
        logger.warning("ignoring the search arrays in %s (rebuilding them): %s", path, exc)
        return None
