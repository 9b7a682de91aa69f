"""The bounds on every input (src/rollout/limits.py) and the safe output paths
(src/rollout/output_files.py), checked directly."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from rollout import limits
from rollout.assessment_file import parse_assessment_bytes
from rollout.content.loader import Content
from rollout.domain.assessment import Organisation
from rollout.errors import InputError, map_validation
from rollout.output_files import check_output_path, sqlite_files, write_text
from rollout.seasons import expand_preset_years
from tests.cli.test_hostile_input import ALIAS_BOMB


def test_the_alias_bomb_uploaded_on_quick_assessment_is_refused_before_it_expands(
    content: Content,
) -> None:
    with pytest.raises(InputError, match="aliases") as caught:
        parse_assessment_bytes(ALIAS_BOMB.encode(), content, source="bomb.yaml")
    assert len(str(caught.value)) < 300


def test_an_upload_over_the_size_limit_is_refused_unparsed(content: Content) -> None:
    with pytest.raises(InputError, match="larger than"):
        parse_assessment_bytes(b"x" * (limits.MAX_ASSESSMENT_BYTES + 1), content, source="a.yaml")


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8 + "name: شرکت".encode(), "name: شرکت".encode("utf-16"),
    "name: شرکت".encode(),
])
def test_utf8_with_or_without_bom_and_utf16_with_bom_decode(data: bytes) -> None:
    assert limits.decode_text(data, source="a.yaml") == "name: شرکت"


@pytest.mark.parametrize("data", ["name: شرکت".encode("cp1256"), "name: x".encode("utf-16-le")])
def test_legacy_encodings_and_utf16_without_bom_are_refused_with_save_as_utf8(
    data: bytes,
) -> None:
    with pytest.raises(InputError, match="save the file as UTF-8"):
        limits.decode_text(data, source="a.yaml")


def test_json_depth_is_measured_without_recursion_and_ignores_brackets_in_strings() -> None:
    assert limits.json_depth('{"a": [1, {"b": "[[[[["}]}') == 3
    assert limits.json_depth("[" * 200_000) == 200_000


@pytest.mark.parametrize(("text", "as_json", "message"), [
    ('{"a": 1, "a": 2}', True, "appears twice"),
    ("a: 1\na: 2\n", False, "appears twice"),
    ("a: &x 1\nb: *x\n", False, "aliases"),
    ("[" * 40 + "]" * 40, True, "levels deep"),
    ("[" * 40 + "]" * 40, False, "levels deep"),
    ("d: 2026-02-30\n", False, "not a valid date"),
    ("n: " + "9" * 40 + "\n", False, "more than 20 digits"),
    ('{"n": ' + "9" * 40 + "}", True, "more than 20 digits"),
    ('{"n": NaN}', True, "not a number JSON allows"),
    ("x: !!python/object/apply:os.system ['true']\n", False, "not valid YAML"),
    ("a: " + "x" * (limits.MAX_SCALAR_CHARACTERS + 1) + "\n", False, "characters"),
])
def test_parser_errors_are_input_errors_naming_the_place(
    text: str, as_json: bool, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        limits.parse_document(text, source="f", as_json=as_json)


@pytest.mark.parametrize("value", ["Acme\nLtd", "Acme\tLtd", "Acme\x1b[31m", "Acme\u202eLtd"])
def test_names_are_single_line_at_input(value: str) -> None:
    with pytest.raises(ValidationError, match="single line"):
        Organisation(name=value, industry="retail", country="GB")


def test_stored_names_and_countries_from_older_versions_still_read() -> None:
    with limits.reading_stored():
        stored = Organisation(name="Old\tname", industry="retail", country="XX")
    assert stored.country == "XX"
    with pytest.raises(ValidationError):
        Organisation(name="Old\tname", industry="retail", country="XX")


def test_map_validation_names_the_source_and_quotes_a_short_excerpt() -> None:
    with pytest.raises(InputError) as caught, map_validation("org.json"):
        Organisation(name="x" * 100_000, industry="retail", country="GB")
    assert str(caught.value).startswith("org.json: name:")
    assert len(str(caught.value)) < 300


@pytest.mark.parametrize("year", [limits.MIN_YEAR - 1, limits.MIN_YEAR, limits.MAX_YEAR,
                                  limits.MAX_YEAR + 1])
def test_every_preset_expands_at_the_edges_of_the_accepted_years(
    content: Content, year: int
) -> None:
    for preset in content.presets.values():
        expand_preset_years(preset, year, year)


def test_out_paths_never_name_the_database_and_need_force_to_replace(tmp_path: Path) -> None:
    database = tmp_path / "rollout.db"
    database.write_bytes(b"SQLite format 3\x00")
    protected = sqlite_files(f"sqlite:///{database}")
    assert [p.name for p in protected] == ["rollout.db", "rollout.db-wal", "rollout.db-shm",
                                           "rollout.db-journal"]
    (tmp_path / "link.db").symlink_to(database)
    for target in (database, tmp_path / "rollout.db-wal", tmp_path / "link.db"):
        with pytest.raises(InputError, match="database's own file"):
            check_output_path(target, force=True, protected=protected)
    out = tmp_path / "plan.txt"
    write_text(out, "one", protected=protected)
    with pytest.raises(InputError, match="already exists"):
        write_text(out, "two", protected=protected)
    write_text(out, "two", force=True, protected=protected)
    assert out.read_text(encoding="utf-8") == "two"
    assert database.read_bytes() == b"SQLite format 3\x00"


@pytest.mark.parametrize(("name", "message"), [
    ("p" * 300, "too long"), ("missing-dir/plan.txt", "does not exist"), (".", "directory"),
])
def test_bad_out_names_get_a_clear_error(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_output_path(tmp_path / name)


def test_dates_outside_1900_to_2200_are_refused() -> None:
    with pytest.raises(ValueError, match="1900"):
        limits.check_year(dt.date(9999, 1, 1))
    assert limits.check_year(dt.date(2200, 12, 31)) == dt.date(2200, 12, 31)


def test_true_is_not_a_number_but_whole_values_from_a_table_editor_still_convert() -> None:
    from rollout.domain.assessment import BusinessUnit

    with pytest.raises(ValidationError, match="not true or false"):
        BusinessUnit.model_validate({"name": "Sales", "users": True})
    assert BusinessUnit.model_validate({"name": "Sales", "users": 30.0}).users == 30
