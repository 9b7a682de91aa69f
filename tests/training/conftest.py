"""Importer fixtures, generated here so each is exactly the problem it is named after."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import pytest

ROSTER_HEADER = "employee_id,name,email,unit,job_role,language,super_user"
PERSIAN_ROSTER = [
    ("۱۰۰۱", "علی رضایی", "ali@example.ir", "فروش تهران", "کارشناس فروش", "fa", "بله"),
    ("1002", "مريم كريمي", "maryam@example.ir", "فروش تهران", "کارشناس فروش", "fa", "خیر"),
    ("1003", " سارا احمدی ", "sara@example.ir", "خدمات مشتریان", "اپراتور", "fa", "0"),
]


def csv_bytes(rows: Sequence[Sequence[str]], *, header: str = ROSTER_HEADER, delimiter: str = ",",
              encoding: str = "utf-8") -> bytes:
    lines = [header.replace(",", delimiter)] + [delimiter.join(r) for r in rows]
    text = "\r\n".join(lines) + "\r\n"
    if encoding == "cp1256":
        # Windows-1256 has neither the Persian yeh nor Persian digits: Persian Windows writes
        # the Arabic yeh and ASCII digits, as this does.
        text = text.translate(str.maketrans("ی۰۱۲۳۴۵۶۷۸۹", "ي0123456789"))
    return text.encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def cp1256_roster() -> bytes:
    return csv_bytes(PERSIAN_ROSTER, encoding="cp1256")


@pytest.fixture
def bom_roster() -> bytes:
    return csv_bytes(PERSIAN_ROSTER, encoding="utf-8-sig")


@pytest.fixture
def utf16_roster() -> bytes:
    return csv_bytes(PERSIAN_ROSTER, encoding="utf-16")


@pytest.fixture
def semicolon_roster() -> bytes:
    return csv_bytes(PERSIAN_ROSTER, delimiter=";")


@pytest.fixture
def arabic_letters_roster() -> bytes:
    # يك in Arabic code points, as an Arabic keyboard types them.
    return csv_bytes([("2001", "علي كاظمي", "", "فروش كرج", "مدير", "", "")])


@pytest.fixture
def duplicate_ids_roster() -> bytes:
    return csv_bytes([("3001", "A", "a@example.org", "Sales", "Rep", "en", ""),
                      ("3002", "B", "b@example.org", "Sales", "Rep", "en", ""),
                      ("3001", "C", "c@example.org", "Sales", "Rep", "en", ""),
                      ("3004", "D", "B@EXAMPLE.ORG", "Sales", "Rep", "en", "")])


@pytest.fixture
def missing_columns_roster() -> bytes:
    return b"employee_id,name\n1,A\n"


@pytest.fixture
def excel_serial_completions() -> bytes:
    return xlsx_bytes([["Employee ID", "Course", "Completion date", "Score"],
                       ["1001", "CRM-101", 45385, 88],  # 2024-04-03 as Excel's serial
                       ["1002", "CRM-101", dt.datetime(2024, 4, 4, 9, 30), 91]])


@pytest.fixture
def jalali_persian_digits_completions() -> bytes:
    header = "کد پرسنلی,دوره,تاریخ تکمیل,نتیجه,نمره"
    return csv_bytes([("۱۰۰۱", "CRM-101", "۱۴۰۳/۰۱/۱۵", "قبول", "۸۵"),
                      ("۱۰۰۲", "CRM-101", "1403/01/16", "مردود", "۴۰")], header=header)


def big_roster(rows: int) -> bytes:
    """A roster of ``rows`` people, a third of them with Persian names (the benchmark's too)."""
    units = ["Sales North", "Sales South", "فروش تهران", "Service", "خدمات مشتریان"]
    roles = ["Rep", "Manager", "کارشناس فروش", "Agent"]
    lines = [ROSTER_HEADER]
    for i in range(rows):
        name = f"علی رضایی {i}" if i % 3 == 0 else f"Person {i}"
        lines.append(f"E{i:07d},{name},p{i}@example.org,{units[i % 5]},{roles[i % 4]},"
                     f"{'fa' if i % 3 == 0 else 'en'},{'yes' if i % 50 == 0 else 'no'}")
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture(scope="session")
def roster_100k_rows() -> bytes:
    return big_roster(100_000)
