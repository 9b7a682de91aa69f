"""The Persian-capable font that ships with Rollout: Vazirmatn, by Saber Rastikerdar, under the
SIL Open Font License 1.1 (``fonts/OFL.txt``; authors in ``fonts/AUTHORS.txt``).

Taken unmodified from the npm package ``vazirmatn`` 33.0.3 (``npm pack vazirmatn@33.0.3``): the
regular and bold weights as WOFF2 for the web pages and as TTF for documents rendered later
(PDF). The OFL lets the font be bundled and redistributed with software as long as the licence
travels with it and the font is not sold on its own.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path
from typing import Literal

FAMILY = "Vazirmatn"
VERSION = "33.0.3"
LICENCE_FILE = "OFL.txt"

Weight = Literal["regular", "bold"]
FontFormat = Literal["woff2", "ttf"]

_CSS_WEIGHTS: dict[Weight, int] = {"regular": 400, "bold": 700}


def font_file(weight: Weight, font_format: FontFormat) -> Path:
    """The path of one shipped font file."""
    resource = files("rollout.i18n") / "fonts" / f"{FAMILY}-{weight.capitalize()}.{font_format}"
    with as_file(resource) as path:  # a real path for an installed (unzipped) package
        return Path(path)


def licence_file() -> Path:
    with as_file(files("rollout.i18n") / "fonts" / LICENCE_FILE) as path:
        return Path(path)


def css_weight(weight: Weight) -> int:
    """The CSS ``font-weight`` of a shipped weight, for an ``@font-face`` rule."""
    return _CSS_WEIGHTS[weight]
