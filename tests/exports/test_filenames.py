"""Export file names from user-typed names: letters kept, never a path, never a device."""

from __future__ import annotations

import pytest

from rollout.exports.filenames import MAX_NAME_BYTES, export_file_name


def test_persian_letters_and_joiners_are_kept() -> None:
    assert export_file_name("شیرینی‌پزی بندرگاه", "برنامه", extension="pdf") == \
        "شیرینی‌پزی بندرگاه - برنامه.pdf"


@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\boot.ini", "/absolute/path",
                                  "a/../../b", "..", ".", "...", "./hidden"])
def test_a_name_never_leaves_the_folder(name: str) -> None:
    result = export_file_name(name, extension="csv")
    assert "/" not in result and "\\" not in result and ".." not in result
    assert not result.startswith(".")


@pytest.mark.parametrize("name", ["CON", "nul", "Com1", "LPT9", "aux.txt", "CONOUT$"])
def test_reserved_device_names_are_defused(name: str) -> None:
    assert export_file_name(name, extension="pdf").startswith("_")


def test_controls_nul_and_bidi_overrides_are_removed() -> None:
    result = export_file_name("invoice\u202egpj.exe\x00\r\n\t", extension="pdf")
    assert result == "invoicegpj.exe.pdf"
    assert export_file_name('a<b>c:d"e|f?g*h', extension="x") == "a-b-c-d-e-f-g-h.x"


def test_empty_and_long_names() -> None:
    assert export_file_name("", "  ", extension="ics") == "export.ics"
    long = export_file_name("ب" * 400, extension="xlsx")
    assert len(long.encode("utf-8")) <= MAX_NAME_BYTES and long.endswith(".xlsx")
    assert export_file_name("a", extension="../../x") == "a.x"
