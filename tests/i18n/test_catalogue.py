"""The message catalogue: complete, compiled from what is checked in, extracted from the source
as it is now, placeholders intact, and Persian that follows the typographic rules."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from rollout.i18n import Language, translator
from rollout.i18n.typography import check_persian

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "rollout" / "i18n" / "locale"
TEMPLATE = LOCALE / "messages.pot"
TRANSLATED = [Language.FA]
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


def _catalogue(language: Language) -> Catalog:
    with (LOCALE / language.value / "LC_MESSAGES" / "messages.po").open("rb") as stream:
        return read_po(stream, locale=language.value)


def _messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def _forms(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def test_template_holds_exactly_the_messages_the_source_marks() -> None:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as stream:
        method_map, options_map = parse_mapping_cfg(stream)  # type: ignore[no-untyped-call]
    extracted = {(context, msgid if isinstance(msgid, str) else msgid[0])
                 for _, _, msgid, _, context in extract_from_dir(
                     ROOT / "src", method_map, options_map)}
    with TEMPLATE.open("rb") as stream:
        template = {_key(message) for message in _messages(read_po(stream))}
    assert extracted - template == set(), "messages missing from messages.pot: run `make catalogue`"
    assert template - extracted == set(), "messages.pot holds messages no longer in the source"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_of_the_template_is_translated(language: Language) -> None:
    with TEMPLATE.open("rb") as stream:
        template = {_key(message) for message in _messages(read_po(stream))}
    catalog = _catalogue(language)
    translated = {_key(message) for message in _messages(catalog)
                  if all(form.strip() for form in _forms(message.string)) and not message.fuzzy}
    assert template - translated == set(), f"messages without a {language.value} translation"
    assert {_key(m) for m in _messages(catalog)} - template == set(), "translations of no message"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_plural_message_has_each_plural_form(language: Language) -> None:
    catalog = _catalogue(language)
    for message in _messages(catalog):
        if message.pluralizable:
            assert len(_forms(message.string)) == catalog.num_plurals, message.id


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_match_between_message_and_translation(language: Language) -> None:
    mismatched = []
    for message in _messages(_catalogue(language)):
        source = set().union(*(PLACEHOLDER_RE.findall(text) for text in _forms(message.id)))
        for form in _forms(message.string):
            if set(PLACEHOLDER_RE.findall(form)) != source:
                mismatched.append((message.id, form))
    assert mismatched == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogue_is_the_compilation_of_the_checked_in_po(language: Language) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue(language))
    shipped = LOCALE / language.value / "LC_MESSAGES" / "messages.mo"
    assert shipped.read_bytes() == compiled.getvalue(), "messages.mo is stale: run `make catalogue`"


def test_every_persian_translation_follows_persian_typography() -> None:
    problems = {form: [str(p) for p in check_persian(form)]
                for message in _messages(_catalogue(Language.FA)) for form in _forms(message.string)}
    assert {form: found for form, found in problems.items() if found} == {}


def test_persian_translator_translates_and_fills_placeholders() -> None:
    persian = translator(Language.FA)
    assert persian.gettext("Readiness report: {assessment}", assessment="Q3") == "گزارش آمادگی: Q3"
    assert persian.pgettext("risk band", "critical") == "بحرانی"


def test_english_translator_returns_the_source_messages() -> None:
    english = translator(Language.EN)
    assert english.gettext("Readiness report: {assessment}", assessment="Q3") == "Readiness report: Q3"
    assert english.ngettext("{count} unanswered question, counted as risk",
                            "{count} unanswered questions, counted as risk", 2) == \
        "2 unanswered questions, counted as risk"


def test_persian_plural_forms_follow_the_catalogue_rule() -> None:
    persian = translator(Language.FA)
    singular = persian.ngettext("Top risk ({count} of {total})", "Top risks ({count} of {total})", 1, total=3)
    plural = persian.ngettext("Top risk ({count} of {total})", "Top risks ({count} of {total})", 2, total=3)
    assert singular == "مهم\u200cترین ریسک (1 از 3)"
    assert plural == "مهم\u200cترین ریسک\u200cها (2 از 3)"


def test_a_placeholder_the_caller_did_not_pass_is_shown_not_raised() -> None:
    assert translator(Language.EN).gettext("Readiness report: {assessment}", other=1) == \
        "Readiness report: {assessment}"
    assert translator(Language.EN).gettext("a stray { brace", value=1) == "a stray { brace"


def test_a_message_outside_the_catalogue_falls_back_to_english() -> None:
    assert translator(Language.FA).gettext("Not in the catalogue") == "Not in the catalogue"


def test_translator_accepts_the_language_code() -> None:
    assert translator("fa") is translator(Language.FA)
