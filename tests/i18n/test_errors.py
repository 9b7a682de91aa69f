"""Errors shown in the user's language: a Message is its English text and can be translated."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from rollout.errors import DependencyCycleError, InputError, Message, PlanningError
from rollout.i18n import Language
from rollout.i18n.errors import translate_error, translate_message


class _Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: dt.date
    users: int


def _input_error() -> InputError:
    with pytest.raises(ValidationError) as caught:
        _Sample.model_validate({"start": "yesterday", "users": "many", "extra": 1})
    return InputError.from_validation("plan.yaml", caught.value)


def test_a_message_is_its_english_text() -> None:
    message = Message("{task} starts {day}", task="go-live", day=dt.date(2024, 3, 20))
    assert message == "go-live starts 2024-03-20"
    assert translate_message(message, Language.EN) == message
    assert pickle.loads(pickle.dumps(message)).params == message.params


def test_english_error_text_is_unchanged() -> None:
    error = _input_error()
    assert str(error).splitlines()[0] == ("plan.yaml: start: 'yesterday' is not a valid date; "
                                          "write dates as YYYY-MM-DD")
    assert translate_error(error, Language.EN) == str(error)
    assert str(DependencyCycleError(["a", "b", "a"])) == (
        "dependency cycle: a -> b -> a; remove one of these dependencies")


def test_input_errors_are_shown_in_persian_with_locations_and_values_as_given() -> None:
    shown = translate_error(_input_error(), Language.FA).splitlines()
    assert shown[0].startswith("plan.yaml: start: 'yesterday' تاریخ معتبری نیست؛ ")
    assert shown[1].startswith("plan.yaml: users: ") and "مقدار داده‌شده: 'many'" in shown[1]
    assert shown[2] == "plan.yaml: extra: فیلد ناشناخته است؛ نوشتار آن را با فیلدهای مستند مقایسه کنید"


def test_a_planning_error_is_shown_in_persian_and_an_untranslated_one_stays_english() -> None:
    assert translate_error(DependencyCycleError(["a", "b", "a"]), Language.FA) == (
        "وابستگی چرخه‌ای: a -> b -> a؛ یکی از این وابستگی‌ها را حذف کنید")
    assert translate_error(PlanningError("plain words"), Language.FA) == "plain words"


def test_dates_in_a_translated_message_are_jalali() -> None:
    message = Message("{value} is not a valid date; {hint}", value=dt.date(2024, 3, 20),
                      hint=Message("write dates as YYYY-MM-DD"))
    assert translate_message(message, Language.FA).startswith("1 فروردین 1403 تاریخ معتبری نیست")


def test_sign_in_and_permission_refusals_are_shown_in_persian() -> None:
    from rollout.errors import AuthenticationError, PermissionDenied
    from rollout.services.access import SESSION_ENDED
    from rollout.services.accounts import LOGIN_FAILED

    assert translate_error(AuthenticationError(LOGIN_FAILED), Language.FA) == (
        "ورود ناموفق بود: رایانامه ناشناخته است یا گذرواژه نادرست است")
    assert translate_error(AuthenticationError(SESSION_ENDED), Language.EN) == (
        "your session has ended (your account or role changed); log in again")
    refused = PermissionDenied(Message("only an administrator may {action} {objects}",
                                       action="create", objects="users"))
    assert str(refused) == "only an administrator may create users"
    assert translate_error(refused, Language.FA) == "تنها مدیر سامانه اجازهٔ create برای users را دارد"


def test_a_plan_refusal_is_shown_in_persian_with_the_names_as_typed() -> None:
    from rollout.domain.approach import Scenario
    from rollout.schedule.waves import form_waves
    from tests.builders.plans import assessment

    programme = assessment(units=[{"name": "Tehran", "users": 10, "region": "north"}])
    with pytest.raises(PlanningError) as caught:
        form_waves(programme.programme.business_units, Scenario.PILOT_WAVES, share_pct=25.0,
                   pilot_unit="Shiraz")
    assert str(caught.value) == "pilot unit 'Shiraz' is not a business unit; units: Tehran"
    assert translate_error(caught.value, Language.FA) == (
        "واحد اجرای آزمایشی 'Shiraz' یکی از واحدهای کسب‌وکار نیست؛ واحدها: Tehran")
