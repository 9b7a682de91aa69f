"""Persian and English: languages, the message catalogue, input normalisation, Jalali dates,
numbers per locale and a Persian typography checker.

Pure core: imports only the standard library, Babel, jdatetime, holidays and
``rollout.escaping``. See docs/localisation.md.
"""

from rollout.i18n.catalogue import N_, Translator, translator
from rollout.i18n.errors import LocalisedInputError
from rollout.i18n.language import Direction, Language, LanguageError, default_language

__all__ = ["N_", "Direction", "Language", "LanguageError", "LocalisedInputError", "Translator",
           "default_language", "translator"]
