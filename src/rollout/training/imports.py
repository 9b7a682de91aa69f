"""Reading rosters, LMS completion exports and weekly-active-user counts from CSV and XLSX.

What HR spreadsheets bring, and what this does about it:

* encodings: UTF-8 with or without a byte-order mark, UTF-16 (with a mark, or recognised by its
  NUL bytes), else Windows-1256 (Persian Excel's "CSV" on Windows); the caller may name one;
* delimiters: ``,`` ``;`` tab ``|``, detected from the first few KB, or named;
* headers in English or Persian, mapped to fields by known names; the user's mapping wins;
* dates as ISO, Excel serial numbers, day/month/year, or Jalali (``1403/01/15``, also with
  Persian digits); Persian and Arabic digits; Arabic ``ي``/``ك`` as Persian ``ی``/``ک``;
  surrounding spaces trimmed;
* the same person twice (employee id or e-mail) reported on the later row.

Nothing here writes anything: :func:`read_import` returns a preview (every valid row, every
row error with its row, column, a short excerpt of the value and a message, and the counts,
``valid + rejected == total``). Problems with the file as a whole (too large, not decodable, no
header, required columns missing) raise :class:`~rollout.errors.InputError`.

Rows are numbered as a spreadsheet shows them: the header is row 1. Blank rows are skipped and
not counted.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import gc
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import jdatetime

from rollout.errors import InputError
from rollout.escaping import excerpt, single_line
from rollout.i18n import N_, Language, LocalisedInputError, translator
from rollout.i18n.dates import GREGORIAN_YEARS, JALALI_YEARS, parse_date
from rollout.i18n.normalise import normalise_identifier, normalise_text, parse_number

MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 400 * 1024 * 1024  # a zip bomb is refused before it is opened
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELL_CHARACTERS = 1_000
MAX_REPORTED_ERRORS = 1_000  # all are counted; the first ones are listed
SNIFF_BYTES = 8 * 1024
PROGRESS_EVERY_ROWS = 5_000
DELIMITERS = (",", ";", "\t", "|")
XLSX_MAGIC = b"PK\x03\x04"
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 in Excel's (leap-year-bug) count
EXCEL_SERIALS = range(2, 109_574)  # 1900-01-01 .. 2199-12-31


class ImportKind(StrEnum):
    ROSTER = "roster"
    COMPLETIONS = "completions"
    ADOPTION = "adoption"  # weekly active users per unit


class Field(StrEnum):
    EMPLOYEE_ID = "employee_id"
    NAME = "name"
    EMAIL = "email"
    UNIT = "unit"
    JOB_ROLE = "job_role"
    LANGUAGE = "language"
    SUPER_USER = "super_user"
    COURSE = "course"
    COMPLETED_ON = "completed_on"
    PASSED = "passed"
    SCORE = "score"
    WEEK_START = "week_start"
    ACTIVE_USERS = "active_users"


F = Field
FIELDS: Mapping[ImportKind, tuple[Field, ...]] = {
    ImportKind.ROSTER: (F.EMPLOYEE_ID, F.NAME, F.EMAIL, F.UNIT, F.JOB_ROLE, F.LANGUAGE,
                        F.SUPER_USER),
    ImportKind.COMPLETIONS: (F.EMPLOYEE_ID, F.EMAIL, F.COURSE, F.COMPLETED_ON, F.PASSED, F.SCORE),
    ImportKind.ADOPTION: (F.UNIT, F.WEEK_START, F.ACTIVE_USERS),
}
REQUIRED: Mapping[ImportKind, tuple[Field, ...]] = {
    ImportKind.ROSTER: (F.EMPLOYEE_ID, F.NAME, F.UNIT, F.JOB_ROLE),
    ImportKind.COMPLETIONS: (F.COURSE, F.COMPLETED_ON),  # and an employee id or an e-mail
    ImportKind.ADOPTION: (F.UNIT, F.WEEK_START, F.ACTIVE_USERS),
}

# Header names people use, compared after _header_key (case, spaces, ZWNJ, punctuation folded).
_ALIASES: Mapping[Field, tuple[str, ...]] = {
    F.EMPLOYEE_ID: ("employeeid", "empid", "employee", "employeeno", "employeenumber", "staffid",
                    "staffno", "personnelno", "personnelnumber", "personid", "userid", "id",
                    "کدپرسنلی", "شمارهپرسنلی", "کدکارمندی", "شمارهکارمندی", "کدملی"),
    F.NAME: ("name", "fullname", "employeename", "displayname", "learner", "learnername",
             "نام", "نامونامخانوادگی", "نامکامل", "نامکارمند"),
    F.EMAIL: ("email", "emailaddress", "mail", "workemail", "ایمیل", "پستالکترونیک", "رایانامه"),
    F.UNIT: ("unit", "businessunit", "department", "dept", "division", "branch", "واحد",
             "واحدسازمانی", "بخش", "شعبه", "اداره"),
    F.JOB_ROLE: ("jobrole", "role", "jobtitle", "position", "job", "نقش", "سمت", "عنوانشغلی",
                 "شغل"),
    F.LANGUAGE: ("language", "lang", "زبان"),
    F.SUPER_USER: ("superuser", "keyuser", "کاربرکلیدی", "کاربرارشد"),
    F.COURSE: ("course", "coursecode", "coursename", "coursetitle", "training", "دوره",
               "کددوره", "نامدوره", "عنواندوره"),
    F.COMPLETED_ON: ("completedon", "completed", "completiondate", "datecompleted", "date",
                     "finished", "تاریختکمیل", "تاریخپایان", "تاریخ"),
    F.PASSED: ("passed", "pass", "result", "status", "outcome", "قبول", "نتیجه", "وضعیت"),
    F.SCORE: ("score", "grade", "mark", "نمره", "امتیاز"),
    F.WEEK_START: ("weekstart", "week", "weekof", "weekbeginning", "هفته", "شروعهفته"),
    F.ACTIVE_USERS: ("activeusers", "active", "weeklyactiveusers", "wau", "users",
                     "کاربرانفعال", "کاربران"),
}
_HEADER_PUNCTUATION_RE = re.compile(r"[\s_\-./()#:]+")

_TRUE = {"1", "y", "yes", "true", "t", "x", "pass", "passed", "complete", "completed", "بله",
         "آری", "بلی", "قبول", "درست", "کامل", "تکمیل"}
_FALSE = {"0", "n", "no", "false", "f", "fail", "failed", "incomplete", "خیر", "نه", "مردود",
          "نادرست", "ناقص"}
_LANGUAGES = {"en": "en", "english": "en", "eng": "en", "انگلیسی": "en",
              "fa": "fa", "persian": "fa", "farsi": "fa", "per": "fa", "fas": "fa", "فارسی": "fa"}
_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DMY_RE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_SERIAL_RE = re.compile(r"^\d{1,6}(?:\.\d+)?$")
_TIME_SUFFIX_RE = re.compile(r"^(\S+?)(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$")
_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str  # the column's header as in the file (or the field, when no column holds it)
    value: str  # a short excerpt of what the cell held
    message: str
    code: str  # stable: missing, date, number, email, boolean, language, duplicate, …

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value,
                "message": self.message, "code": self.code}


@dataclass(frozen=True)
class ParsedRow:
    row: int
    values: dict[str, Any]  # field -> clean value (str, date, bool, float, int or None)


@dataclass
class ImportPreview:
    """What an import would do: nothing is written until the caller commits ``rows``."""

    kind: ImportKind
    file_format: str  # csv or xlsx
    encoding: str | None  # None for XLSX
    delimiter: str | None
    columns: list[str]
    mapping: dict[str, str]  # field -> column header
    total: int = 0
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # the first MAX_REPORTED_ERRORS
    error_count: int = 0
    rejected_rows: set[int] = field(default_factory=set)

    @property
    def valid(self) -> int:
        return len(self.rows)

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        self.rejected_rows.add(error.row)
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error)

    def reject(self, rows: set[int]) -> None:
        """Drop rows found wrong after parsing (an unknown employee or course)."""
        self.rows = [r for r in self.rows if r.row not in rows]


# --- the file as a whole -----------------------------------------------------------------------


def _refuse(source: str, lang: Language, where: str, message: str, **values: Any) -> InputError:
    return InputError(source, [(where, translator(lang).gettext(message, **values))])


def decode_bytes(data: bytes, *, encoding: str | None = None, source: str = "import",
                 lang: Language = Language.EN) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with."""
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise _refuse(source, lang, "--encoding", N_(
                "{encoding} is not an encoding Rollout knows; use utf-8, utf-16 or "
                "windows-1256."), encoding=excerpt(encoding)) from None
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, UnicodeError) as exc:
            start = getattr(exc, "start", 0)
            raise _refuse(source, lang, "", N_(
                "The file is not {encoding} text (byte {position}); leave out the encoding to "
                "let Rollout detect it, or name the right one."), encoding=name,
                position=start) from None
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8", source, lang), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", source, lang), "utf-16"
    head = data[:SNIFF_BYTES]
    if head.count(b"\x00") * 4 > len(head):  # ASCII-range text in UTF-16 without a mark
        even = head[0::2].count(b"\x00")
        odd = head[1::2].count(b"\x00")
        name = "utf-16-be" if even > odd else "utf-16-le"
        return _strict(data, name, source, lang), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Windows-1256 maps every byte but a few; those few mean it is not 1256 either.
    return _strict(data, "cp1256", source, lang), "cp1256"


def _strict(data: bytes, encoding: str, source: str, lang: Language) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _refuse(source, lang, "", N_(
            "The file cannot be read as {encoding} (byte {position}); save it as UTF-8 (in "
            "Excel: Save as → CSV UTF-8) or name its encoding."), encoding=encoding,
            position=exc.start) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same, largest number of columns."""
    lines = [line for line in text[:SNIFF_BYTES].splitlines()[:20] if line.strip()]
    if len(lines) > 1 and len(text) > SNIFF_BYTES:
        lines = lines[:-1]  # the last line may be cut off
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(text: str, delimiter: str, source: str, lang: Language
              ) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _refuse(source, lang, f"row {reader.line_num}", N_(
                "The file cannot be read as CSV here ({problem}); check the quotes on this row."),
                problem=excerpt(str(exc))) from None
        yield reader.line_num, cells


def _xlsx_rows(data: bytes, source: str, lang: Language) -> Iterator[tuple[int, list[str]]]:
    # openpyxl is imported here so that CSV imports never pay for it.
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    # NotImplementedError: a zip that declares a newer format version or an unsupported
    # compression (found by the fuzzer); for the user it is the same unreadable file.
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError):
        raise _refuse(source, lang, "", N_(
            "The file is not a readable XLSX workbook; save it again from Excel as .xlsx, or "
            "as CSV UTF-8.")) from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise _refuse(source, lang, "", N_(
            "The workbook unpacks to more than {limit} MB; split it into smaller files."),
            limit=MAX_XLSX_UNPACKED_BYTES // (1024 * 1024))
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # A damaged workbook makes openpyxl (and the XML and zip readers under it) raise almost any
    # exception; each one means the same thing to the user.
    except Exception:
        raise _refuse(source, lang, "", N_(
            "The file is not a readable XLSX workbook; save it again from Excel as .xlsx, or "
            "as CSV UTF-8.")) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            return
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in values[:MAX_COLUMNS + 1]]
    except InputError:
        raise
    except Exception:  # as above: a damaged sheet part
        raise _refuse(source, lang, "", N_(
            "The file is not a readable XLSX workbook; save it again from Excel as .xlsx, or "
            "as CSV UTF-8.")) from None
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


# --- columns -----------------------------------------------------------------------------------


def _header_key(header: str) -> str:
    return _HEADER_PUNCTUATION_RE.sub("", normalise_identifier(header).casefold())


_ALIAS_LOOKUP = {_header_key(alias): f for f, aliases in _ALIASES.items() for alias in aliases}


def map_columns(columns: list[str], kind: ImportKind, chosen: Mapping[str, str] | None = None,
                *, remembered: Mapping[str, str] | None = None, source: str = "import",
                lang: Language = Language.EN) -> dict[str, str]:
    """field -> column: recognised headers, then the mapping the organisation used last time
    (``remembered``, field -> column, for the columns this file has), then the user's choices
    ``{column: field}`` (a field of ``""`` or ``ignore`` leaves the column out). Refuses unknown
    columns and fields, two columns for one field, and missing required fields, naming the
    columns there are."""
    allowed = FIELDS[kind]
    mapping: dict[str, str] = {}
    user_columns = {normalise_identifier(c) for c in (chosen or {})}
    for column in columns:
        found = _ALIAS_LOOKUP.get(_header_key(column))
        if (found in allowed and found is not None and found.value not in mapping
                and normalise_identifier(column) not in user_columns):
            mapping[found.value] = column
    for f_name, column in (remembered or {}).items():
        if f_name in {f.value for f in allowed} and column in columns \
                and normalise_identifier(column) not in user_columns:
            mapping = {f: c for f, c in mapping.items() if c != column}
            mapping[f_name] = column
    problems: list[tuple[str, str]] = []
    t = translator(lang)
    by_key = {normalise_identifier(c): c for c in columns}
    user_mapped: dict[str, str] = {}
    for raw_column, raw_field in (chosen or {}).items():
        found_column = by_key.get(normalise_identifier(raw_column))
        wanted = normalise_identifier(raw_field).casefold()
        if found_column is None:
            problems.append((f"--map {excerpt(raw_column)}", t.gettext(
                "the file has no column {column}; its columns are: {columns}",
                column=excerpt(raw_column), columns=_list(columns))))
            continue
        column = found_column
        mapping = {f_name: c for f_name, c in mapping.items() if c != column}
        if wanted in ("", "ignore", "-"):
            continue
        if wanted not in {f.value for f in allowed}:
            problems.append((f"--map {excerpt(raw_column)}", t.gettext(
                "{field} is not a field of a {kind} import; the fields are: {fields}",
                field=excerpt(raw_field), kind=kind.value,
                fields=", ".join(f.value for f in allowed))))
            continue
        if wanted in user_mapped and user_mapped[wanted] != column:
            problems.append((f"--map {excerpt(raw_column)}", t.gettext(
                "two columns are mapped to {field}: {first} and {second}; map one of them "
                "to ignore", field=wanted, first=excerpt(user_mapped[wanted]),
                second=excerpt(column))))
            continue
        user_mapped[wanted] = column
        mapping[wanted] = column
    required = list(REQUIRED[kind])
    missing = [f.value for f in required if f.value not in mapping]
    if kind is ImportKind.COMPLETIONS and not ({F.EMPLOYEE_ID.value, F.EMAIL.value} & set(mapping)):
        missing.insert(0, f"{F.EMPLOYEE_ID.value} / {F.EMAIL.value}")
    if missing and not problems:
        problems.append(("", t.gettext(
            "required columns are missing: {fields}. The file's columns are: {columns}. Map a "
            "column to each field (in the wizard, or --map COLUMN=FIELD).",
            fields=", ".join(missing), columns=_list(columns))))
    if problems:
        raise InputError(source, problems)
    return mapping


def _list(columns: list[str]) -> str:
    shown = ", ".join(excerpt(c, limit=30) for c in columns[:30])
    return shown + (" …" if len(columns) > 30 else "") if columns else "(none)"


# --- values ------------------------------------------------------------------------------------


class CellError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def clean_text(value: str) -> str:
    """A cell as people meant it: Persian letters for Arabic ones, spaces trimmed and folded,
    no control characters."""
    if value.isascii():
        if value.isprintable():
            # Printable ASCII has one whitespace character, the space: a cell without spaces
            # at its ends or two in a row is already clean (most cells; no split and join).
            if not value or (value[0] != " " and value[-1] != " " and "  " not in value):
                return value
        else:
            value = single_line(value)
            if not value.isascii():
                value = normalise_text(value)
    else:
        if not value.isprintable():
            value = single_line(value)
        value = normalise_text(value)
    return " ".join(value.split())


def parse_training_date(text: str, lang: Language = Language.EN) -> dt.date:
    """ISO (``2024-04-03``, also with a time), an Excel serial (``45385``), day/month/year
    (``03/04/2024``: 3 April) or Jalali (``1403/01/15``, ``۱۴۰۳/۰۱/۱۵``, ``15/01/1403``)."""
    t = translator(lang)
    cleaned = text.strip().translate(_ASCII_DIGITS)
    if len(cleaned) > 64:
        raise CellError("date", t.gettext("too long for a date"))
    timed = _TIME_SUFFIX_RE.match(cleaned)
    if timed:
        cleaned = timed.group(1)
    iso = _ISO_RE.match(cleaned)
    if iso and int(iso.group(1)) in GREGORIAN_YEARS:
        try:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            raise CellError("date", t.gettext(
                "not a date: that day does not exist (year-month-day)")) from None
    if _SERIAL_RE.match(cleaned):
        serial = int(float(cleaned))
        if serial in EXCEL_SERIALS:
            return EXCEL_EPOCH + dt.timedelta(days=serial)
        raise CellError("date", t.gettext(
            "not a date: a number here is read as an Excel date serial, and {value} is outside "
            "1900–2199", value=excerpt(cleaned)))
    dmy = _DMY_RE.match(cleaned)
    if dmy:
        day, month, year = (int(g) for g in dmy.groups())
        try:
            if year in JALALI_YEARS:
                converted: dt.date = jdatetime.date(year, month, day).togregorian()
                return converted
            if year in GREGORIAN_YEARS:
                return dt.date(year, month, day)
        except ValueError:
            raise CellError("date", t.gettext(
                "not a date: read as day/month/year, that day does not exist")) from None
        raise CellError("date", t.gettext(
            "not a date: the year must be 1300–1499 (Jalali) or 1900–2199"))
    try:
        return parse_date(cleaned, lang)
    except LocalisedInputError as exc:
        raise CellError("date", exc.message) from None


def _boolean(text: str, t: Any) -> bool:
    key = text.casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError("boolean", t.gettext("not yes or no: write yes, no, 1 or 0 (or بله / خیر)"))


def _value(f: Field, text: str, lang: Language, t: Any) -> Any:
    """A date or number cell's value for field ``f``; CellError when it cannot be one (text,
    identifiers and flags are read by the functions of :func:`_parsers`)."""
    if f in (F.COMPLETED_ON, F.WEEK_START):
        return parse_training_date(text, lang)
    try:
        number = parse_number(text.removesuffix("%") if f is F.SCORE else text, lang=lang)
    except LocalisedInputError as exc:
        raise CellError("number", exc.message) from None
    if f is F.SCORE:
        if not 0 <= number <= 100:
            raise CellError("number", t.gettext("a score is between 0 and 100"))
        return float(number)
    if number != number.to_integral_value() or not 0 <= number <= 10_000_000:
        raise CellError("number", t.gettext("a whole number of people, 0 or more"))
    return int(number)


_DEFAULTS: Mapping[Field, Any] = {F.SUPER_USER: False, F.PASSED: True}
_IDENTIFIERS = (F.EMPLOYEE_ID, F.EMAIL)


def suggest_mapping(columns: list[str], kind: ImportKind,
                    remembered: Mapping[str, str] | None = None) -> dict[str, str]:
    """column -> field for the columns recognised or remembered (never raises): what the
    import wizard preselects."""
    allowed = {f.value for f in FIELDS[kind]}
    chosen: dict[str, str] = {}
    for column in columns:
        found = _ALIAS_LOOKUP.get(_header_key(column))
        if found is not None and found.value in allowed and found.value not in chosen.values():
            chosen[column] = found.value
    for f_name, column in (remembered or {}).items():
        if f_name in allowed and column in columns:
            chosen = {c: f for c, f in chosen.items() if f != f_name}
            chosen[column] = f_name
    return chosen


def file_columns(data: bytes, *, encoding: str | None = None, delimiter: str | None = None,
                 source: str = "import", lang: Language = Language.EN) -> list[str]:
    """The header of a file, read as :func:`read_import` reads it (an InputError if it cannot)."""
    return _open_table(data, encoding=encoding, delimiter=delimiter, file_format=None,
                       source=source, lang=lang).header


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run a block with the cyclic garbage collector paused. An import creates hundreds of
    thousands of strings, lists and dicts that all stay alive, and each automatic collection
    walks every one of them again (a quarter of a 100,000-row import's time); none of them
    forms a cycle, so reference counting frees them all the same."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# --- the whole import --------------------------------------------------------------------------


def read_import(
    data: bytes, *, kind: ImportKind, encoding: str | None = None, delimiter: str | None = None,
    mapping: Mapping[str, str] | None = None, remembered: Mapping[str, str] | None = None,
    file_format: str | None = None, source: str = "import", lang: Language = Language.EN,
    progress: Callable[[int], None] | None = None,
) -> ImportPreview:
    """Parse and check a whole file; nothing is written. See the module's description."""
    t = translator(lang)
    table = _open_table(data, encoding=encoding, delimiter=delimiter, file_format=file_format,
                        source=source, lang=lang)
    header, rows = table.header, table.rows
    fields = map_columns(header, kind, mapping, remembered=remembered, source=source, lang=lang)
    preview = ImportPreview(kind=kind, file_format=table.file_format, encoding=table.encoding,
                            delimiter=table.delimiter, columns=header, mapping=fields)
    parsers = _parsers(lang, t)
    required = {f.value for f in REQUIRED[kind]}
    defaults = {f.value: value for f, value in _DEFAULTS.items() if f in FIELDS[kind]}
    plan = [_Column(name=f, index=header.index(c), header=c, required=f in required,
                    parse=parsers[f], default=defaults.get(f)) for f, c in fields.items()]
    absent = {f: value for f, value in defaults.items() if f not in fields}
    width = len(header)
    with collector_paused():
        numbers: list[int] = []
        kept: list[list[str]] = []
        for number, cells in rows:
            # A row is blank when every cell is; most rows show it by their first cell.
            if not (cells and cells[0].strip()) and not any(c.strip() for c in cells):
                continue
            preview.total += 1
            if preview.total > MAX_ROWS:
                raise _refuse(source, lang, "", N_(
                    "The file has more than {limit} rows; split it into smaller files."),
                    limit=MAX_ROWS)
            if progress is not None and preview.total % PROGRESS_EVERY_ROWS == 0:
                progress(preview.total)
            numbers.append(number)
            kept.append(cells)
        _read_rows(preview, numbers, kept, width, plan, absent, kind, t)
    return preview


@dataclass
class _Table:
    file_format: str
    encoding: str | None
    delimiter: str | None
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # the rows after the header


def _open_table(data: bytes, *, encoding: str | None, delimiter: str | None,
                file_format: str | None, source: str, lang: Language) -> _Table:
    """Decode the file and read its header: every refusal about the file as a whole."""
    if len(data) > MAX_IMPORT_BYTES:
        raise _refuse(source, lang, "", N_(
            "The file is {size} MB; at most {limit} MB can be imported at once. Split it."),
            size=round(len(data) / 1024 / 1024, 1), limit=MAX_IMPORT_BYTES // (1024 * 1024))
    if delimiter is not None:
        delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter, delimiter)
        if delimiter not in DELIMITERS:
            raise _refuse(source, lang, "--delimiter", N_(
                "{delimiter} is not a delimiter Rollout reads; use , ; tab or |"),
                delimiter=excerpt(delimiter))
    is_xlsx = file_format == "xlsx" or (file_format is None and data.startswith(XLSX_MAGIC))
    used_encoding: str | None = None
    if is_xlsx:
        rows = _xlsx_rows(data, source, lang)
        delimiter = None
    else:
        text, used_encoding = decode_bytes(data, encoding=encoding, source=source, lang=lang)
        delimiter = delimiter or sniff_delimiter(text)
        rows = _csv_rows(text, delimiter, source, lang)
    header: list[str] | None = None
    for _, cells in rows:
        if any(c.strip() for c in cells):
            header = [clean_text(c) for c in cells]
            break
    if header is None:
        raise _refuse(source, lang, "", N_(
            "The file has no header row; the first row must name the columns."))
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise _refuse(source, lang, "", N_("The file has {count} columns; at most {limit}."),
                      count=len(header), limit=MAX_COLUMNS)
    if len(set(header)) != len(header):
        twice = sorted({h for h in header if header.count(h) > 1})
        raise _refuse(source, lang, "row 1", N_(
            "two columns have the same header: {columns}; rename one"), columns=_list(twice))
    return _Table(file_format="xlsx" if is_xlsx else "csv", encoding=used_encoding,
                  delimiter=delimiter, header=header, rows=rows)


def _parsers(lang: Language, t: Any) -> dict[str, Callable[[str], Any]]:
    """Field -> the function reading a non-empty, cleaned cell (CellError when it cannot).
    Built once per import: the per-row loop then does no dispatch on enums."""

    def employee_id(text: str) -> str:
        value = text if text.isascii() else normalise_identifier(text)
        if len(value) > 64:
            raise CellError("too_long", t.gettext("an employee id has at most 64 characters"))
        return value

    def email(text: str) -> str:
        value = text.casefold()
        if len(value) > 254 or not _EMAIL_RE.match(value):
            raise CellError("email", t.gettext("not an e-mail address (name@example.com)"))
        return value

    def name(text: str) -> str:
        if len(text) > 200:
            raise CellError("too_long", t.gettext("at most 200 characters"))
        return text

    def language(text: str) -> str:
        found = _LANGUAGES.get(text.casefold())
        if found is None:
            raise CellError("language", t.gettext("not a language Rollout speaks: en or fa"))
        return found

    def boolean(text: str) -> bool:
        return _boolean(text, t)

    def other(f: Field) -> Callable[[str], Any]:
        return lambda text: _value(f, text, lang, t)

    return {F.EMPLOYEE_ID.value: employee_id, F.EMAIL.value: email, F.NAME.value: name,
            F.UNIT.value: name, F.JOB_ROLE.value: name, F.COURSE.value: name,
            F.LANGUAGE.value: language, F.SUPER_USER.value: boolean, F.PASSED.value: boolean,
            **{f.value: other(f) for f in (F.COMPLETED_ON, F.WEEK_START, F.SCORE,
                                           F.ACTIVE_USERS)}}


@dataclass(frozen=True)
class _Column:
    name: str  # the field
    index: int
    header: str
    required: bool
    parse: Callable[[str], Any]
    default: Any


@dataclass(frozen=True)
class _Problem:
    """A cell that cannot be read, without its row: the same text fails the same way on
    every row, so each distinct cell text is read once per column."""

    header: str
    value: str
    message: str
    code: str


def _cell(column: _Column, raw: str, t: Any) -> Any:
    """The value of one cell of ``column``, or the :class:`_Problem` with it."""
    if len(raw) > MAX_CELL_CHARACTERS:
        return _Problem(column.header, excerpt(raw), t.gettext(
            "at most {limit} characters in a cell", limit=MAX_CELL_CHARACTERS), "too_long")
    text = clean_text(raw)
    if not text:
        if column.required:
            return _Problem(column.header, "", t.gettext(
                "empty: every row needs a {field}", field=column.name), "missing")
        return column.default
    try:
        return column.parse(text)
    except CellError as exc:
        return _Problem(column.header, excerpt(raw), exc.message, exc.code)


def _read_column(column: _Column, table: list[list[str]], bad: set[int], t: Any) -> list[Any]:
    """The value (or :class:`_Problem`) of each row's cell of ``column``; the rows with a
    problem are added to ``bad``."""
    raw_cells = [cells[column.index] for cells in table]
    distinct: dict[str, Any] = dict.fromkeys(raw_cells)
    rest: Iterable[str] = distinct
    batch = _ASCII_BATCHES.get(column.name)
    if batch is not None:
        plain = [raw for raw in distinct if raw.isascii()]
        read = batch(plain) if _clean_ascii(plain) else None
        if read is not None:
            distinct.update(zip(plain, read, strict=True))
            rest = [raw for raw in distinct if not raw.isascii()]
    failing: set[str] = set()
    for raw in rest:
        value = distinct[raw] = _cell(column, raw, t)
        if type(value) is _Problem:
            failing.add(raw)
    if failing:
        bad.update(i for i, raw in enumerate(raw_cells) if raw in failing)
    return list(map(distinct.__getitem__, raw_cells))


def _read_rows(preview: ImportPreview, numbers: list[int], table: list[list[str]], width: int,
               plan: list[_Column], absent: dict[str, Any], kind: ImportKind, t: Any) -> None:
    """Check every row and add the valid ones to ``preview``, errors in row order and, within
    a row, in column order.

    Column by column rather than row by row: a column's distinct cell texts are read once
    (units, roles, languages and flags repeat on every row), and the loops over 100,000 rows
    are list comprehensions and ``zip`` rather than Python statements per cell."""
    too_wide: dict[int, str] = {}  # row index -> the first extra cell of a row too wide
    for i, cells in enumerate(table):
        if len(cells) != width:
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                too_wide[i] = cells[width]
            table[i] = (cells + [""] * (width - len(cells)))[:width]
    bad: set[int] = set(too_wide)
    read = [_read_column(column, table, bad, t) for column in plan]
    names = [column.name for column in plan]
    seen: dict[str, dict[Any, int]] = {f.value: {} for f in _IDENTIFIERS}
    completions = kind is ImportKind.COMPLETIONS
    # Each roster row is checked against the people of the rows before it only when some
    # employee id or e-mail occurs twice among the rows that are otherwise fine.
    roster = kind is ImportKind.ROSTER and _repeats(read, names, bad)
    parsed = preview.rows
    if not (bad or completions or roster):  # every row is fine: no statement per row
        rows = (dict(zip(names, cell_values, strict=True))
                for cell_values in zip(*read, strict=True))
        if absent:
            rows = ({**absent, **values} for values in rows)
        parsed.extend(map(ParsedRow, numbers, rows))
        return
    for i, (number, cell_values) in enumerate(zip(numbers, zip(*read, strict=True), strict=True)):
        if i in bad:
            if i in too_wide:
                cells = table[i]
                preview.add_error(RowError(number, "", excerpt(too_wide[i]), t.gettext(
                    "this row has {count} cells but the header names {width} columns; check "
                    "for an unquoted delimiter", count=len(cells), width=width), "cells"))
                continue
            for value in cell_values:
                if type(value) is _Problem:
                    preview.add_error(RowError(number, value.header, value.value,
                                               value.message, value.code))
            continue
        values = absent.copy()
        values.update(zip(names, cell_values, strict=True))
        if completions and not (values.get("employee_id") or values.get("email")):
            header = preview.mapping.get("employee_id") or preview.mapping.get("email", "")
            preview.add_error(RowError(number, header, "", t.gettext(
                "empty: a completion needs the employee id or the e-mail"), "missing"))
            continue
        if roster and not _first_time(preview, number, values, seen, t):
            continue
        parsed.append(ParsedRow(number, values))


def _repeats(read: list[list[Any]], names: list[str], bad: set[int]) -> bool:
    """Whether an employee id or an e-mail occurs twice (case aside) among the rows not in
    ``bad``."""
    for f in _IDENTIFIERS:
        if f.value not in names:
            continue
        column = read[names.index(f.value)]
        keys = [v.casefold() for i, v in enumerate(column) if v is not None and i not in bad] \
            if bad else [v.casefold() for v in column if v is not None]
        if len(set(keys)) != len(keys):
            return True
    return False


def _clean_ascii(texts: list[str]) -> bool:
    """Whether :func:`clean_text` returns every one of ``texts`` unchanged and none is empty
    or longer than a cell may be: printable ASCII, no space at either end, never two spaces
    in a row. Checked on the texts joined, which is many times faster than text by text."""
    if not texts:
        return False
    whole = "".join(texts)
    if not (all(texts) and whole.isascii() and whole.isprintable()
            and max(map(len, texts)) <= MAX_CELL_CHARACTERS):
        return False
    lines = "\n".join(texts)  # no text holds a newline: they are printable
    return (lines[0] != " " and lines[-1] != " " and "  " not in lines
            and "\n " not in lines and " \n" not in lines)


def _ascii_names(limit: int) -> Callable[[list[str]], list[str] | None]:
    def read(texts: list[str]) -> list[str] | None:
        return texts if max(map(len, texts)) <= limit else None
    return read


_EMAIL_LINES_RE = re.compile(_EMAIL_RE.pattern, re.MULTILINE)


def _ascii_emails(texts: list[str]) -> list[str] | None:
    lines = "\n".join(texts).lower()  # casefold, for ASCII
    if max(map(len, texts)) > 254 or len(_EMAIL_LINES_RE.findall(lines)) != len(texts):
        return None
    return lines.split("\n")


# Field -> what its parser returns for a list of clean, printable ASCII texts at once (each as
# the parser would, in order), or None when one of them needs the parser's own message: the
# columns whose values are mostly all different, where reading each distinct text once is no
# saving. Other texts go through :func:`_cell`.
_ASCII_BATCHES: Mapping[str, Callable[[list[str]], list[str] | None]] = {
    F.EMPLOYEE_ID.value: _ascii_names(64), F.NAME.value: _ascii_names(200),
    F.UNIT.value: _ascii_names(200), F.JOB_ROLE.value: _ascii_names(200),
    F.COURSE.value: _ascii_names(200), F.EMAIL.value: _ascii_emails,
}


def _first_time(preview: ImportPreview, number: int, values: dict[str, Any],
                seen: dict[str, dict[Any, int]], t: Any) -> bool:
    """Whether this roster row's employee id and e-mail are new (else the error is added)."""
    keys = [(f, values[f].casefold()) for f in ("employee_id", "email")
            if values.get(f) is not None]
    for f, key in keys:
        first = seen[f].get(key)
        if first is not None:
            preview.add_error(RowError(number, preview.mapping[f], excerpt(values[f]),
                                       t.gettext("the same {field} as row {row}: each "
                                                 "person once", field=f, row=first),
                                       "duplicate"))
            return False
    for f, key in keys:
        seen[f][key] = number
    return True
