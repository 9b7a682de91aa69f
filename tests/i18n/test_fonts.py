"""The Persian font ships with the package, as real font files, with its licence."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from rollout.i18n.fonts import FAMILY, css_weight, font_file, licence_file

ROOT = Path(__file__).resolve().parents[2]
MAGIC = {"woff2": b"wOF2", "ttf": b"\x00\x01\x00\x00"}


@pytest.mark.parametrize("weight", ["regular", "bold"])
@pytest.mark.parametrize("font_format", ["woff2", "ttf"])
def test_each_weight_ships_as_a_real_font(weight: str, font_format: str) -> None:
    path = font_file(weight, font_format)  # type: ignore[arg-type]
    data = path.read_bytes()
    assert data[:4] == MAGIC[font_format]
    assert 20_000 < len(data) < 400_000, "a whole font, small enough to ship"
    if font_format == "ttf":
        # An sfnt table directory (tag, checksum, offset, length) naming the tables every font
        # has, and the family name in the name table (UTF-16BE, as Windows platform names are).
        tables = int.from_bytes(data[4:6], "big")
        tags = {data[12 + 16 * i: 16 + 16 * i] for i in range(tables)}
        assert {b"cmap", b"glyf", b"head", b"name"} <= tags
        assert FAMILY.encode("utf-16-be") in data
    else:
        # WOFF2 header: the total length it declares is the file's (its tables are compressed).
        assert int.from_bytes(data[8:12], "big") == len(data)


def test_the_open_font_licence_ships_with_the_font() -> None:
    text = licence_file().read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in text
    assert "Vazirmatn Project Authors" in text
    assert (licence_file().parent / "AUTHORS.txt").is_file()


def test_package_data_declares_the_fonts_and_the_catalogue() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["rollout"]
    package = ROOT / "src" / "rollout"
    declared = {path for pattern in patterns for path in package.glob(pattern)}
    shipped = [*(package / "i18n" / "fonts").iterdir(), *(package / "i18n" / "locale").rglob("*.*")]
    assert shipped and {p for p in shipped if p.is_file()} <= declared


def test_css_weights_are_the_standard_ones() -> None:
    assert (css_weight("regular"), css_weight("bold")) == (400, 700)
