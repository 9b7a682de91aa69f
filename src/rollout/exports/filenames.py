"""File names built from names users typed (organisation, programme): Persian and other letters
stay, but the name never leaves the export folder and never means something else to the system.

Refused or replaced: path separators and ``..`` (so ``../../etc/passwd`` becomes a plain name),
NUL and other control characters, bidirectional overrides (``\\u202e`` can make ``gpj.exe``
read as ``exe.jpg``), characters Windows forbids (``<>:"/\\|?*``), Windows' reserved device
names (``CON``, ``NUL``, ``COM1``, …), leading dots and trailing dots or spaces. Over-long names
are cut on a character boundary to fit 255 bytes with their extension.
"""

from __future__ import annotations

import re
import unicodedata

from rollout.escaping import strip_control_characters

_FORBIDDEN_RE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SPACES_RE = re.compile(r"\s+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10)),
             *(f"COM{c}" for c in "¹²³"), *(f"LPT{c}" for c in "¹²³")}
# Format characters other than the zero-width non-joiner and joiner, which Persian words need.
_KEEP_FORMAT = {"\u200c", "\u200d"}
MAX_NAME_BYTES = 255
FALLBACK = "export"


def _clean_part(text: str) -> str:
    text = unicodedata.normalize("NFC", strip_control_characters(text))
    text = "".join(ch for ch in text
                   if unicodedata.category(ch) != "Cf" or ch in _KEEP_FORMAT)
    text = _FORBIDDEN_RE.sub("-", text)
    text = _SPACES_RE.sub(" ", text).strip()
    text = re.sub(r"\.{2,}", ".", text)  # no ".." anywhere
    return text.strip(". -")


def _fit(stem: str, suffix: str) -> str:
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    encoded = stem.encode("utf-8")
    if len(encoded) <= budget:
        return stem
    return encoded[:budget].decode("utf-8", "ignore").rstrip(". -")


def export_file_name(*parts: str, extension: str) -> str:
    """A safe file name from ``parts`` joined with `` - `` plus ``.extension`` (letters of any
    script kept); ``export.<extension>`` when nothing usable is left."""
    suffix = "." + re.sub(r"[^A-Za-z0-9]", "", extension)[:10]
    cleaned = [c for c in (_clean_part(p) for p in parts) if c]
    stem = " - ".join(cleaned) or FALLBACK
    if stem.split(".")[0].strip().upper() in _RESERVED:
        stem = f"_{stem}"
    stem = _fit(stem, suffix) or FALLBACK
    return stem + suffix
