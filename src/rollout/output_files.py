"""Where the command line may write a file: never over an existing file without ``--force``, and
never over the database or its companion files (``-wal``, ``-shm``, ``-journal``), even with it.

One module for every command that writes (``plan --out``, ``org export --out``, ``backup
--out``), so each gives the same answers. Pure standard library: ``rollout plan`` stays fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from rollout.errors import N_, InputError, Message

# SQLite's companions of a database file: writing over one of them corrupts or deletes data.
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")
_MAX_NAME_BYTES = 255  # one path component, on every common file system
_MAX_PATH_BYTES = 4096


_FILE_EXISTS = Message(N_("the file already exists; choose a new name, or add --force to "
                          "replace it"))

def sqlite_files(database_url: str) -> list[Path]:
    """The database file of a ``sqlite:///`` URL and its companions ([] for other databases)."""
    scheme, _, rest = database_url.partition("://")
    if not scheme.startswith("sqlite") or not rest.startswith("/"):
        return []
    path = unquote(rest[1:].split("?", 1)[0])
    if not path or path == ":memory:":
        return []
    return [Path(path + suffix) for suffix in SQLITE_COMPANIONS]


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)  # hard links and symbolic links too
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def check_output_path(out: Path, *, force: bool = False, protected: Iterable[Path] = (),
                      option: str = "--out") -> Path:
    """``out`` if the command may write it; otherwise an InputError saying why and what to do."""
    source = f"{option} {str(out)[:80]}"
    text = str(out)
    if not text or "\x00" in text:
        raise InputError(source, [("", "not a file name")])
    if len(os.fsencode(text)) > _MAX_PATH_BYTES or any(
            len(os.fsencode(part)) > _MAX_NAME_BYTES for part in out.parts):
        raise InputError(source, [("", f"the name is too long: at most {_MAX_NAME_BYTES} bytes "
                                       f"per file or directory name; choose a shorter one")])
    for path in protected:
        if _same(out, path):
            raise InputError(source, [("", f"this is the database's own file ({path.name}); "
                                           f"writing there would destroy the database, so it is "
                                           f"refused even with --force; choose another name")])
    if out.is_dir():
        raise InputError(source, [("", Message(N_("this is a directory; give a file name in it")))])
    if not out.parent.is_dir():
        raise InputError(source, [("", Message(N_("the directory {directory} does not exist"),
                                               directory=str(out.parent)[:80]))])
    if (out.exists() or out.is_symlink()) and not force:
        raise InputError(source, [("", _FILE_EXISTS)])
    return out


def write_text(out: Path, text: str, *, force: bool = False,
               protected: Iterable[Path] = ()) -> None:
    """Write ``text`` to ``out`` (UTF-8), as :func:`write_bytes` does."""
    write_bytes(out, text.encode("utf-8"), force=force, protected=protected)


def write_bytes(out: Path, data: bytes, *, force: bool = False,
                protected: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``out``, within :func:`check_output_path`'s rules.

    Without ``force`` the file is created exclusively, so a file that appears between the check
    and the write is not replaced either; with it, the text goes to a temporary file that
    replaces ``out`` in one step, so a failed write never leaves half a file.
    """
    protected = list(protected)
    check_output_path(out, force=force, protected=protected)
    source = f"--out {str(out)[:80]}"
    try:
        if not force:
            with out.open("xb") as handle:
                try:
                    handle.write(data)
                except OSError:
                    out.unlink(missing_ok=True)
                    raise
            return
        partial = out.with_name(f".{out.name}.partial")
        try:
            partial.write_bytes(data)
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
    except FileExistsError:
        raise InputError(source, [("", _FILE_EXISTS)]) from None
    except OSError as exc:
        raise InputError(source, [("", f"cannot write the file: {exc.strerror or exc}")]) from None
