"""A cache of the validated knowledge base, so that a command starts in milliseconds.

Loading the knowledge base means parsing some 25 YAML files, validating them and cross-checking
them: the longest part of a short command such as ``rollout assess``. The result is immutable,
so it is pickled to a file in the user's cache directory and read back by the next process.

The cache is keyed by everything the result depends on: the content root, the path, size and
modification time of every content file (checklists/*.yaml, playbooks/**/*.yaml) and of every
module of the rollout package, the rollout, Python and pydantic versions. A file that does not
match its key (stale), cannot be read or cannot be unpickled (corrupt, or written by other code)
is ignored and rewritten. Writing is atomic (a temporary file renamed into place) and best
effort: an unwritable cache directory only means no cache. ``rollout validate`` never reads it.

Where: ``$ROLLOUT_CACHE_DIR`` if set (``off`` disables the cache), else
``$XDG_CACHE_HOME/rollout``, else ``~/.cache/rollout``. The file is only as trustworthy as that
directory: like any pickle, it must not be writable by other users.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import sys
import zlib
from pathlib import Path
from typing import Any

import rollout

# Bump when the layout of the cache file changes.
FORMAT = 1
_PACKAGE_DIR = Path(rollout.__file__).resolve().parent


def cache_dir() -> Path | None:
    """The directory holding the cache, or None when the cache is off."""
    configured = os.environ.get("ROLLOUT_CACHE_DIR")
    if configured:
        return None if configured == "off" else Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "rollout"


def content_key(root: Path) -> tuple[Any, ...]:
    """Everything the loaded content depends on (stat calls only; no file is read)."""
    import pydantic

    content_files = [*sorted(root.glob("checklists/*.yaml")),
                     *sorted(root.glob("playbooks/**/*.yaml"))]
    code_files = sorted(_PACKAGE_DIR.rglob("*.py"))
    return (
        FORMAT, rollout.__version__, sys.version, pydantic.VERSION,
        str(root), str(root.resolve()),
        tuple(_stat(path) for path in content_files),
        tuple(_stat(path) for path in code_files),
    )


def _stat(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return str(path), st.st_size, st.st_mtime_ns


def cache_file(directory: Path, root: Path) -> Path:
    """One file per content root; it holds the key it was written for."""
    name = f"{root}\0{root.resolve()}".encode()
    return directory / f"content-{zlib.crc32(name):08x}.pickle"


def read(path: Path, key: tuple[Any, ...]) -> Any | None:
    """The cached object if ``path`` holds one for ``key``, else None (missing, stale, corrupt)."""
    try:
        with path.open("rb") as file:
            if pickle.load(file) != key:
                return None  # stale
            # Unpickling allocates many objects at once; cyclic GC passes would only slow it.
            enabled = gc.isenabled()
            gc.disable()
            try:
                return pickle.load(file)
            finally:
                if enabled:
                    gc.enable()
    except Exception:  # a cache that cannot be read is no cache
        return None


def write(path: Path, key: tuple[Any, ...], value: Any) -> bool:
    """Store ``value`` for ``key``, atomically; False (and no file) if that is not possible."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as file:
            pickle.dump(key, file, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        return True
    except Exception:  # unwritable directory, full disk, unpicklable value: no cache
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False
