"""The importer reads what HR spreadsheets and LMS exports really look like."""

from __future__ import annotations

import datetime as dt

import pytest

from rollout.errors import InputError
from rollout.i18n import Language
from rollout.training.imports import (
    MAX_IMPORT_BYTES,
    ImportKind,
    decode_bytes,
    parse_training_date,
    read_import,
    sniff_delimiter,
)
from tests.training.conftest import csv_bytes, xlsx_bytes

ROSTER = ImportKind.ROSTER
COMPLETIONS = ImportKind.COMPLETIONS


def _names(data: bytes, **kwargs: object) -> list[str]:
    preview = read_import(data, kind=ROSTER, **kwargs)  # type: ignore[arg-type]
    assert preview.errors == []
    return [r.values["name"] for r in preview.rows]


def test_a_cp1256_roster_is_detected_and_read_in_persian(cp1256_roster: bytes) -> None:
    preview = read_import(cp1256_roster, kind=ROSTER)
    assert preview.encoding == "cp1256"
    assert [r.values["name"] for r in preview.rows] == ["علی رضایی", "مریم کریمی", "سارا احمدی"]


def test_an_encoding_override_is_used_and_a_wrong_one_is_a_clear_error(cp1256_roster: bytes
                                                                         ) -> None:
    assert _names(cp1256_roster, encoding="windows-1256")[0] == "علی رضایی"
    with pytest.raises(InputError, match="not utf-8 text"):
        read_import(cp1256_roster, kind=ROSTER, encoding="utf-8")
    with pytest.raises(InputError, match="not an encoding"):
        read_import(cp1256_roster, kind=ROSTER, encoding="klingon")


def test_a_roster_with_a_byte_order_mark_reads_its_first_header(bom_roster: bytes) -> None:
    preview = read_import(bom_roster, kind=ROSTER)
    assert preview.encoding == "utf-8-sig"
    assert preview.columns[0] == "employee_id" and preview.valid == 3


def test_a_utf16_roster_is_read(utf16_roster: bytes) -> None:
    assert read_import(utf16_roster, kind=ROSTER).valid == 3
    no_mark = utf16_roster[2:]  # UTF-16 LE without its mark: recognised by the NUL bytes
    assert decode_bytes(no_mark)[1] == "utf-16-le"


def test_semicolons_are_detected_and_a_delimiter_can_be_named(semicolon_roster: bytes) -> None:
    assert read_import(semicolon_roster, kind=ROSTER).delimiter == ";"
    assert _names(semicolon_roster, delimiter=";")[0] == "علی رضایی"
    assert sniff_delimiter("a\tb\tc\n1\t2\t3\n") == "\t"
    assert sniff_delimiter("a|b\n1|2\n") == "|"
    with pytest.raises(InputError, match="not a delimiter"):
        read_import(semicolon_roster, kind=ROSTER, delimiter=":")


def test_persian_digits_arabic_letters_and_spaces_are_normalised(
    arabic_letters_roster: bytes, cp1256_roster: bytes,
) -> None:
    row = read_import(arabic_letters_roster, kind=ROSTER).rows[0].values
    assert row["name"] == "علی کاظمی" and row["unit"] == "فروش کرج"
    first = read_import(cp1256_roster, kind=ROSTER).rows
    assert first[0].values["employee_id"] == "1001"  # ۱۰۰۱
    assert first[0].values["super_user"] is True and first[1].values["super_user"] is False
    assert first[2].values["name"] == "سارا احمدی"  # trimmed


def test_duplicate_ids_and_emails_are_reported_on_the_later_row(duplicate_ids_roster: bytes
                                                                  ) -> None:
    preview = read_import(duplicate_ids_roster, kind=ROSTER)
    assert [(e.row, e.column, e.code) for e in preview.errors] == [
        (4, "employee_id", "duplicate"), (5, "email", "duplicate")]
    assert "row 2" in preview.errors[0].message and "row 3" in preview.errors[1].message
    assert (preview.valid, preview.rejected, preview.total) == (2, 2, 4)


def test_missing_columns_are_refused_naming_the_fields_and_the_columns_there_are(
    missing_columns_roster: bytes,
) -> None:
    with pytest.raises(InputError) as caught:
        read_import(missing_columns_roster, kind=ROSTER)
    message = str(caught.value)
    assert "unit, job_role" in message and "'employee_id', 'name'" in message
    assert "--map COLUMN=FIELD" in message


def test_a_column_mapping_names_columns_the_importer_does_not_recognise() -> None:
    data = b"Staff,Full,Dept,Func\n7,A,Sales,Rep\n"
    mapping = {"Staff": "employee_id", "Full": "name", "Dept": "unit", "Func": "job_role"}
    preview = read_import(data, kind=ROSTER, mapping=mapping)
    assert preview.rows[0].values == {"employee_id": "7", "name": "A", "unit": "Sales",
                                      "job_role": "Rep", "super_user": False}
    with pytest.raises(InputError, match="no column 'Nope'"):
        read_import(data, kind=ROSTER, mapping={**mapping, "Nope": "name"})
    with pytest.raises(InputError, match="'colour' is not a field of a roster import"):
        read_import(data, kind=ROSTER, mapping={**mapping, "Func": "colour"})


def test_excel_serial_dates_in_an_xlsx_export(excel_serial_completions: bytes) -> None:
    preview = read_import(excel_serial_completions, kind=COMPLETIONS)
    assert preview.file_format == "xlsx"
    assert [r.values["completed_on"] for r in preview.rows] == [dt.date(2024, 4, 3),
                                                                 dt.date(2024, 4, 4)]
    assert preview.rows[0].values["score"] == 88.0


def test_jalali_dates_with_persian_digits_and_persian_headers(
    jalali_persian_digits_completions: bytes,
) -> None:
    preview = read_import(jalali_persian_digits_completions, kind=COMPLETIONS)
    assert preview.mapping == {"employee_id": "کد پرسنلی", "course": "دوره",
                               "completed_on": "تاریخ تکمیل", "passed": "نتیجه", "score": "نمره"}
    assert [(r.values["completed_on"], r.values["passed"], r.values["score"])
            for r in preview.rows] == [(dt.date(2024, 4, 3), True, 85.0),
                                       (dt.date(2024, 4, 4), False, 40.0)]


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-04-03", dt.date(2024, 4, 3)), ("2024-04-03 14:30", dt.date(2024, 4, 3)),
    ("2024-04-03T14:30:00Z", dt.date(2024, 4, 3)), ("45385", dt.date(2024, 4, 3)),
    ("45385.5", dt.date(2024, 4, 3)), ("03/04/2024", dt.date(2024, 4, 3)),
    ("3.4.2024", dt.date(2024, 4, 3)), ("1403/01/15", dt.date(2024, 4, 3)),
    ("۱۴۰۳/۰۱/۱۵", dt.date(2024, 4, 3)), ("١٤٠٣-٠١-١٥", dt.date(2024, 4, 3)),
    ("15/01/1403", dt.date(2024, 4, 3)), ("3 April 2024", dt.date(2024, 4, 3)),
])
def test_dates_are_read_in_every_form_hr_files_use(text: str, expected: dt.date) -> None:
    assert parse_training_date(text) == expected


@pytest.mark.parametrize("text", ["2024-02-30", "31/02/2024", "0", "999999", "03/04/24", "soon",
                                  "1403/13/01", "x" * 100])
def test_impossible_dates_are_row_errors_with_a_message(text: str) -> None:
    data = csv_bytes([("1", "CRM-101", text)], header="employee_id,course,completed_on")
    preview = read_import(data, kind=COMPLETIONS)
    assert preview.valid == 0 and preview.rejected == 1
    error = preview.errors[0]
    assert (error.row, error.column, error.code) == (2, "completed_on", "date")
    assert len(error.value) <= 70 and error.message


def test_row_errors_name_row_column_excerpt_and_message_in_persian() -> None:
    data = csv_bytes([("1", "A", "not-an-email", "Sales", "Rep", "xx", "maybe")])
    preview = read_import(data, kind=ROSTER, lang=Language.FA)
    assert [(e.row, e.column, e.code) for e in preview.errors] == [
        (2, "email", "email"), (2, "language", "language"), (2, "super_user", "boolean")]
    assert preview.errors[0].value == "'not-an-email'"
    assert all(e.message and not e.message.isascii() for e in preview.errors)
    assert preview.rejected == 1 and preview.total == 1


def test_counts_add_up_and_blank_rows_are_not_counted() -> None:
    data = csv_bytes([("1", "A", "", "S", "R", "", ""), ("", "", "", "", "", "", ""),
                      ("2", "", "", "S", "R", "", ""), ("3", "C", "", "S", "R", "", "")])
    preview = read_import(data, kind=ROSTER)
    assert (preview.total, preview.valid, preview.rejected) == (3, 2, 1)
    assert preview.valid + preview.rejected == preview.total


def test_a_row_with_more_cells_than_the_header_is_rejected() -> None:
    data = b"employee_id,name,unit,job_role\n1,A,Sales,Rep,extra\n2,B,Sales,Rep,\n"
    preview = read_import(data, kind=ROSTER)
    assert [e.code for e in preview.errors] == ["cells"] and preview.valid == 1


def test_size_limits_are_clear() -> None:
    with pytest.raises(InputError, match="at most 50 MB"):
        read_import(b"x" * (MAX_IMPORT_BYTES + 1), kind=ROSTER)
    with pytest.raises(InputError, match="no header row"):
        read_import(b"\n\n , \n", kind=ROSTER)


def test_a_damaged_workbook_is_a_clear_error() -> None:
    good = xlsx_bytes([["employee_id", "name", "unit", "job_role"], ["1", "A", "S", "R"]])
    assert read_import(good, kind=ROSTER).valid == 1
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        read_import(good[: len(good) // 2], kind=ROSTER)


def test_a_workbook_declaring_a_newer_zip_version_is_a_clear_error() -> None:
    # Found by the fuzzer: zipfile raises NotImplementedError for "zip file version 7.4".
    good = bytearray(xlsx_bytes([["employee_id", "name", "unit", "job_role"], ["1", "A", "S", "R"]]))
    central = good.find(b"PK\x01\x02")
    good[central + 6:central + 8] = (74).to_bytes(2, "little")  # version needed to extract
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        read_import(bytes(good), kind=ROSTER)


def test_progress_is_reported_for_large_files(roster_100k_rows: bytes) -> None:
    seen: list[int] = []
    preview = read_import(roster_100k_rows, kind=ROSTER, progress=seen.append)
    assert preview.total == preview.valid == 100_000 and preview.errors == []
    assert seen[:2] == [5_000, 10_000] and seen[-1] == 100_000
