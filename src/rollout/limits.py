"""Bounds on everything a user can hand Rollout, checked before the expensive work starts.

One module, used by the command line, the app's uploads and organisation imports alike, so an
input refused in one place is refused in all of them. The checks come in the order the work is
done: the file's size before it is read, its encoding before it is decoded, its shape (nesting
depth, node count, scalar length, aliases) before it is built into Python objects, and only then
the values, by the domain models' pydantic constraints, which take their ranges from here.

Why these figures: an assessment of the largest programme in the seed cases is about 40 KB, so
5 MB leaves a hundred-fold margin and still cannot exhaust memory; the range limits follow what
the database stores (PostgreSQL INTEGER and BIGINT, which SQLite must not exceed either, so an
export of one database always imports into the other) and what a plan can mean (a year between
1900 and 2200, at most ten million users).
"""

from __future__ import annotations

import codecs
import contextvars
import functools
import itertools
import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from rollout.errors import N_, InputError, Message
from rollout.escaping import excerpt

# --- sizes of files ----------------------------------------------------------------------------

MAX_ASSESSMENT_BYTES = 5 * 1024 * 1024
MAX_OPTIONS_BYTES = 1 * 1024 * 1024
MAX_IMPORT_BYTES = 200 * 1024 * 1024  # a whole organisation with years of audit history

# --- shape of a parsed document ------------------------------------------------------------------

MAX_DEPTH = 32  # an assessment needs 5 levels; an export with stored reports about 12
MAX_NODES_ASSESSMENT = 200_000
MAX_SCALAR_CHARACTERS = 20_000  # the longest free text (notes) is 10,000

# --- values --------------------------------------------------------------------------------------

MAX_NAME_CHARACTERS = 200
MAX_TEXT_CHARACTERS = 10_000  # notes, decision notes
MAX_ID_CHARACTERS = 64
MAX_EMAIL_CHARACTERS = 254  # RFC 5321
# The largest programme Rollout is designed and benchmarked for is the 10x one of issue 16 (600
# business units, 400 legacy platforms, 200,000 staff); these leave room above it and still
# refuse the 10,000-unit file before anything is planned.
MAX_UNITS = 1_000
MAX_PLATFORMS = 500
MAX_SEASONS = 50
MAX_PROJECTS = 100
MAX_MODULES = 100
MAX_LIST_ITEMS = 100  # integrations of a platform, platforms of a unit, answer lists
MAX_ANSWERS = 2_000
MAX_USERS = 10_000_000
MAX_RECORDS = 10**12
MAX_CUSTOMERS = 10**10
MAX_HOURS = 10_000.0
MIN_YEAR = 1900
MAX_YEAR = 2200
# What PostgreSQL stores (and SQLite must not exceed, or an export would not import there).
POSTGRES_INTEGER_MAX = 2**31 - 1
POSTGRES_BIGINT_MAX = 2**63 - 1

_SAVE_AS_UTF8 = "save the file as UTF-8 (in most editors: Save as… → Encoding: UTF-8) and try again"
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


# --- reading files -------------------------------------------------------------------------------


def read_limited(path: Path, *, max_bytes: int, source: str | None = None) -> bytes:
    """The bytes of a file no larger than ``max_bytes``; every failure is an InputError."""
    source = source or str(path)
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(source, [("", Message(N_("file not found")))]) from None
    except IsADirectoryError:
        raise InputError(source, [("", Message(N_("this is a directory; give a file")))]) from None
    except OSError as exc:
        raise InputError(source, [("", f"cannot read the file: {exc.strerror or exc}")]) from None
    check_size(len(data), max_bytes=max_bytes, source=source)
    return data


def check_size(size: int, *, max_bytes: int, source: str) -> None:
    if size > max_bytes:
        raise InputError(source, [("", f"the file is larger than {max_bytes // 1024:,} KB; "
                                       f"an assessment this large cannot be right: check it is "
                                       f"the file you meant")])


def decode_text(data: bytes, *, source: str) -> str:
    """Text of a file: UTF-8 with or without a byte-order mark, or UTF-16 with one.

    Anything else (Windows-1256, Latin-1, UTF-16 without a mark) is refused with how to fix it,
    rather than guessed: a wrong guess would turn Persian names into mojibake silently.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(source, [("", f"not valid UTF-16 text; {_SAVE_AS_UTF8}")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(source, [(f"line {line}", f"not UTF-8 text (perhaps UTF-16 or a "
                                                   f"Windows code page such as 1256); "
                                                   f"{_SAVE_AS_UTF8}")]) from None
    if "\x00" in text:
        raise InputError(source, [("", f"the file contains NUL characters (perhaps UTF-16 "
                                       f"without a byte-order mark); {_SAVE_AS_UTF8}")])
    return text


def read_document(path: Path, *, max_bytes: int, source: str | None = None,
                  as_json: bool | None = None) -> Any:
    """Read, decode and parse a YAML or JSON file (JSON if ``as_json``; by default, by its
    suffix) within every bound here."""
    source = source or str(path)
    text = decode_text(read_limited(path, max_bytes=max_bytes, source=source), source=source)
    if as_json is None:
        as_json = source.lower().endswith(".json")
    return parse_document(text, source=source, as_json=as_json)


def parse_document(text: str, *, source: str, as_json: bool, max_depth: int = MAX_DEPTH,
                   max_nodes: int | None = MAX_NODES_ASSESSMENT) -> Any:
    """Parse YAML or JSON text that a user gave; every problem is an InputError."""
    text = text.removeprefix("\ufeff")
    if as_json:
        return parse_json(text, source=source, max_depth=max_depth)
    return parse_yaml_safely(text, source=source, max_depth=max_depth, max_nodes=max_nodes)


# --- JSON ----------------------------------------------------------------------------------------

# "Unrolled" so the regex engine does not branch per character (ten times faster).
_JSON_STRING_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_LONG_NUMBER_RE = re.compile(r"[0-9]{21,}")
_JSON_NOT_BRACKET_RE = re.compile(r"[^\[\]{}]+")
_BRACKET_DEPTH = {"[": 1, "{": 1, "]": -1, "}": -1}


class _JSONRefusal(ValueError):
    def __init__(self, location: str, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


def json_depth(text: str) -> int:
    """The deepest nesting of brackets outside strings, found without recursion."""
    return _bracket_depth(_JSON_STRING_RE.sub("", text))


def _bracket_depth(outside_strings: str) -> int:
    brackets = _JSON_NOT_BRACKET_RE.sub("", outside_strings)
    if not brackets:
        return 0
    return max(itertools.accumulate(map(_BRACKET_DEPTH.__getitem__, brackets)))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JSONRefusal(f"key {excerpt(key)}", "this key appears twice in one object; "
                                                      "keep one of them")
        result[key] = value
    return result


def _json_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _JSONRefusal("", f"the number {text[:24]} is too large")
    return value


def _json_constant(name: str) -> Any:
    raise _JSONRefusal("", f"{name} is not a number JSON allows; give a finite number")


def parse_json(text: str, *, source: str, max_depth: int = MAX_DEPTH) -> Any:
    outside_strings = _JSON_STRING_RE.sub('""', text)
    depth = _bracket_depth(outside_strings)
    if depth > max_depth:
        raise InputError(source, [("", f"nested {depth} levels deep; at most {max_depth} are "
                                       f"allowed")])
    if _LONG_NUMBER_RE.search(outside_strings):
        # int() of thousands of digits is slow (and refused past 4,300): check before parsing.
        raise InputError(source, [("", "a number has more than 20 digits; no value in a "
                                       "Rollout file is that large")])
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates,
                          parse_float=_json_float, parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        raise InputError(source, [(f"line {exc.lineno}, column {exc.colno}",
                                   f"not valid JSON: {exc.msg}")]) from None
    except _JSONRefusal as exc:
        raise InputError(source, [(exc.location, exc.message)]) from None
    except (ValueError, RecursionError) as exc:  # belt and braces: never a traceback
        raise InputError(source, [("", f"not valid JSON: {type(exc).__name__}")]) from None


# --- YAML ----------------------------------------------------------------------------------------

# libyaml parses an order of magnitude faster than the pure-Python parser.
_CBaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Refused(yaml.MarkedYAMLError):
    pass


class UserYamlLoader(_CBaseLoader):  # type: ignore[valid-type,misc]
    """YAML as people write it (only ``true``/``false`` are booleans, as in YAML 1.2), refusing
    duplicate keys and impossible dates with their line."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = self.construct_object(key_node, deep=deep)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:
                    continue  # unhashable: the base class reports it
                if duplicate:
                            raise _Refused(None, None, f"the key {excerpt(key)} appears twice in one "
                                               f"mapping; keep one of them", key_node.start_mark)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise _Refused(None, None, f"{excerpt(node.value)} is not a valid date; write dates "
                                       f"as YYYY-MM-DD", node.start_mark) from None

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if len(str(node.value)) > 24:
            raise _Refused(None, None, "this number has more than 20 digits; no value in a "
                                       "Rollout file is that large", node.start_mark)
        number: int = super().construct_yaml_int(node)
        return number


UserYamlLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
UserYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
UserYamlLoader.add_constructor("tag:yaml.org,2002:timestamp",
                               UserYamlLoader.construct_yaml_timestamp)
UserYamlLoader.add_constructor("tag:yaml.org,2002:int", UserYamlLoader.construct_yaml_int)


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def check_yaml_shape(text: str, *, source: str, max_depth: int = MAX_DEPTH,
                     max_nodes: int | None = MAX_NODES_ASSESSMENT,
                     max_scalar: int = MAX_SCALAR_CHARACTERS) -> None:
    """Walk the parser's events (no objects built yet) and refuse aliases, deep nesting, too
    many nodes and overlong scalars: a 520-byte file of nested aliases would otherwise expand
    into gigabytes wherever it is copied, validated or printed."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_CBaseLoader):
        if isinstance(event, yaml.AliasEvent):
            raise InputError(source, [(_where(event.start_mark),
                                       "YAML aliases (*name) are not allowed in Rollout files; "
                                       "write the value out in full")])
        if isinstance(event, yaml.ScalarEvent):
            nodes += 1
            if len(event.value) > max_scalar:
                raise InputError(source, [(_where(event.start_mark),
                                           f"a value of {len(event.value):,} characters; at "
                                           f"most {max_scalar:,} are allowed")])
        elif isinstance(event, yaml.CollectionStartEvent):
            nodes += 1
            depth += 1
            if depth > max_depth:
                raise InputError(source, [(_where(event.start_mark),
                                           f"nested more than {max_depth} levels deep")])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if max_nodes is not None and nodes > max_nodes:
            raise InputError(source, [(_where(event.start_mark),
                                       f"more than {max_nodes:,} values; the file is too large "
                                       f"to be an assessment")])


def parse_yaml_safely(text: str, *, source: str, max_depth: int = MAX_DEPTH,
                      max_nodes: int | None = MAX_NODES_ASSESSMENT) -> Any:
    """Parse user YAML within the bounds above; every problem is an InputError with its line."""
    try:
        check_yaml_shape(text, source=source, max_depth=max_depth, max_nodes=max_nodes)
        return yaml.load(text, Loader=UserYamlLoader)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or "unreadable"
        message = problem if isinstance(exc, _Refused) else f"not valid YAML: {problem}"
        raise InputError(source, [(_where(exc.problem_mark), message)]) from None
    except yaml.YAMLError as exc:
        raise InputError(source, [("", f"not valid YAML: {type(exc).__name__}")]) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # The constructors raise these for odd scalars (e.g. an int too long to convert).
        raise InputError(source, [("", f"not valid YAML: {type(exc).__name__}")]) from None


# --- values used by the domain models ------------------------------------------------------------

# Set while rows already in the database are turned back into models: a name or country that
# today's input rules refuse, but an older version stored, must still read (and show as it is)
# rather than take every page of its organisation down. Input is checked; history is not.
_READING_STORED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "rollout_reading_stored", default=False)


@contextmanager
def reading_stored() -> Iterator[None]:
    """Within this block, the input-only checks below (single line, country) let values pass."""
    token = _READING_STORED.set(True)
    try:
        yield
    finally:
        _READING_STORED.reset(token)


def check_single_line(value: str) -> str:
    """Names and titles are one line: a newline could forge a line of a report."""
    if CONTROL_RE.search(value) and not _READING_STORED.get():
        raise ValueError(Message(N_("must be a single line without control characters "
                                    "(newlines, tabs, escape codes or direction overrides)")))
    return value


def refuse_bool(value: Any) -> Any:
    """``true`` is not a number: YAML and JSON booleans would otherwise count as 1 and 0."""
    if isinstance(value, bool):
        raise ValueError(Message(N_("give a whole number, not true or false")))
    return value


@functools.cache
def iso_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from the ``holidays`` package (imported only when needed).

    Read from its registry, the same codes ``holidays.list_supported_countries()`` gives: that
    function imports every country's module (0.2 s, most of a `rollout assess` run)."""
    try:
        from holidays.registry import COUNTRIES
    except ImportError:  # a holidays release without the registry module
        import holidays

        return frozenset(c for c in holidays.list_supported_countries() if len(c) == 2)
    return frozenset(code for _, *codes in COUNTRIES.values() for code in codes if len(code) == 2)


def check_country(value: str) -> str:
    if value not in iso_countries() and not _READING_STORED.get():
        raise ValueError(Message(N_("{value} is not an ISO 3166-1 country code (e.g. GB, DE, "
                                    "IR, US)"), value=repr(value[:8])))
    return value


def check_year(value: Any) -> Any:
    year = getattr(value, "year", None)
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        # Years as text: a year is not grouped by thousands in any language.
        raise ValueError(Message(N_("the year {year} is outside {first}–{last}; check the date"),
                                 year=str(year), first=str(MIN_YEAR), last=str(MAX_YEAR)))
    return value
