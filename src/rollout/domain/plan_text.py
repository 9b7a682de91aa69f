"""A plan note's or violation's message in the reader's language, from its code and data.

The planner writes every ``Note``/``Violation`` with a stable ``code``, structured ``data`` and
an English ``message``. :func:`note_message` and :func:`violation_message` give the message in
any language: English is the stored message, exactly as the planner wrote it; another language
is rendered from one catalogue template per code (and per variant where a code has several
sentences), with its dates Jalali and its numbers and lists written the Persian way.

Rendered in English, the templates give back the stored message word for word
(tests/domain/test_plan_text.py checks every note of every case example's plan), so the two
never drift apart. A note stored before its data carried every value (or one whose values
do not fit) falls back to the stored English rather than failing.

Names (tasks, units, waves, platforms, windows) and codes (actions, factors, resources in
``Capacity changed``) are shown as written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rollout.domain.codes import NoteCode, ViolationCode
from rollout.domain.plan import Holiday, Note, Violation
from rollout.domain.plan_names import plan_name
from rollout.i18n import N_, Language, translator
from rollout.i18n.dates import first_weekday, holiday_names, weekday_names
from rollout.i18n.display import show_date, show_list, show_number

_ENGLISH_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_BLACKOUT_KINDS = {"peak_season": N_("peak season"), "freeze": N_("freeze"),
                   "concurrent_project": N_("concurrent project"), "holiday": N_("closure"),
                   "custom": N_("custom window")}
_RESOURCES = {"trainer_seats": N_("trainer seats"), "migration_tracks": N_("migration tracks")}
_TRIAL_REASONS = {"volume": N_("volume"), "quality": N_("quality"), "mitigation": N_("mitigation")}
# What a risk-report action changed in the plan (NoteCode.MITIGATION_TASK); {value} is the
# factor or count the planner used.
MITIGATION_EFFECTS = {
    "extend_training": N_("training lengthened x{value}"),
    "data_cleansing": N_("cleansing lengthened x{value} per platform"),
    "add_migration_rehearsal": N_("{value} more trial migration per platform"),
    "move_go_live": N_("go-live dates are kept out of peak seasons and their buffer"),
    "split_waves": N_("smaller waves (lower share of users per wave)"),
}


SCENARIOS = {"big-bang": N_("big bang"), "phased": N_("phased"), "pilot-waves": N_("pilot and waves"),
             "custom": N_("custom waves")}
PHASES = {"mobilise": N_("mobilise"), "design": N_("design"), "build": N_("build"),
          "pilot": N_("pilot"), "waves": N_("waves"), "stabilise": N_("stabilise")}


def code_word(table: dict[str, str], code: str, lang: Language) -> str:
    """The word for a code in one of the tables above; in English the code itself (as plan
    texts have always shown it)."""
    message = table.get(code)
    return code if message is None or lang is Language.EN else translator(lang).gettext(message)


def blackout_kind(kind: str, lang: Language) -> str:
    return code_word(_BLACKOUT_KINDS, kind, lang)


def holiday_name(holiday: Holiday, lang: Language) -> str:
    """A public holiday's name in ``lang`` where the holidays package has the language (Iran's
    in Persian), else as the plan stored it."""
    if lang is Language.EN:
        return holiday.name
    names = [name for country in holiday.countries
             if (name := holiday_names(country, holiday.date.year, lang).get(holiday.date))]
    unique = list(dict.fromkeys(names))
    return "، ".join(unique) if unique else holiday.name


class _Values:
    """Values as the language writes them; English exactly as the planner's f-strings did."""

    def __init__(self, lang: Language, rename: Callable[[str], str] | None = None) -> None:
        self.lang = lang
        self.t = translator(lang)
        # Window names in the reader's language (a peak-season preset's), where the caller
        # knows them; other names are shown as written.
        self.rename = rename or (lambda name: name)

    def date(self, value: dt.date | str | None) -> str:
        if value is None:
            raise KeyError("date")
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
        return show_date(day, self.lang)

    def number(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(value)
        return show_number(value, self.lang)

    def grouped(self, value: int) -> str:
        """``12,000,000`` (Python's ``:,``)."""
        return f"{value:,}" if self.lang is Language.EN else show_number(value, self.lang)

    def factor(self, value: float) -> str:
        """``1.5`` (Python's ``:g``)."""
        return f"{value:g}" if self.lang is Language.EN else show_number(value, self.lang)

    def name(self, value: str) -> str:
        """A task or wave name the planner wrote, in the reader's language."""
        return plan_name(value, self.lang)

    def names(self, values: list[Any]) -> str:
        return show_list((str(v) for v in values), self.lang)

    def word(self, table: dict[str, str], code: str) -> str:
        message = table.get(code)
        if message is None or self.lang is Language.EN:
            return code.replace("_", " ") if table is _RESOURCES else code
        return self.t.gettext(message)

    def tail(self, reason: str | None) -> str:
        # ": because …" or "." after an override's sentence (the reason is the user's words).
        return f": {reason}" if reason else "."

    def weekday(self, english_name: str) -> str:
        index = _ENGLISH_DAYS.index(english_name)
        if self.lang is Language.EN:
            return english_name
        return weekday_names(self.lang)[(index - first_weekday(self.lang)) % 7]


def _blackout_shift(v: _Values, n: Note) -> str:
    d = n.data
    buffer = v.t.gettext(", buffer from {blocked_from}", blocked_from=v.date(d["blocked_from"])) \
        if d.get("buffer_weeks") else ""
    others = [v.rename(w) for w in d.get("windows", []) if w != n.window]
    nor = v.t.gettext("; nor do {others} after it", others=v.names(others)) if others else ""
    return v.t.gettext(
        "{task_name} moves from {from_date} to {to_date}: {window} ({kind}, {window_start} to "
        "{window_end}{buffer}) allows no go-live or cutover{others}.",
        task_name=v.name(d["task_name"]), from_date=v.date(n.from_date), to_date=v.date(n.to_date),
        window=v.rename(str(n.window)), kind=v.word(_BLACKOUT_KINDS, d["kind"]),
        window_start=v.date(d["window_start"]), window_end=v.date(d["window_end"]),
        buffer=buffer, others=nor)


def _capacity_wait(v: _Values, n: Note) -> str:
    return v.t.gettext("{task_name} waits from {from_date} to {to_date} for {resource} "
                       "(capacity {capacity}).", task_name=v.name(n.data["task_name"]),
                       from_date=v.date(n.from_date), to_date=v.date(n.to_date),
                       resource=v.word(_RESOURCES, n.data["resource"]),
                       capacity=v.number(n.data["capacity"]))


def _target_date(v: _Values, n: Note) -> str:
    return v.t.gettext("{task_name} is held to the target go-live {target}; the work before it "
                       "could finish by {from_date}.", task_name=v.name(n.data["task_name"]),
                       target=v.date(n.data["target"]), from_date=v.date(n.from_date))


def _dependency_wait(v: _Values, n: Note) -> str:
    return v.t.gettext("{task_name} cannot make the target {target}: it waits for {waiting_for} "
                       "and goes live {to_date}.", task_name=v.name(n.data["task_name"]),
                       target=v.date(n.data["target"]), waiting_for=n.data["waiting_for"],
                       to_date=v.date(n.to_date))


def _just_in_time(v: _Values, n: Note) -> str:
    return v.t.gettext("{task_name} moves from {from_date} to {to_date} to finish just before "
                       "what needs it.", task_name=v.name(n.data["task_name"]),
                       from_date=v.date(n.from_date), to_date=v.date(n.to_date))


def _override_applied(v: _Values, n: Note) -> str:
    d = n.data
    kind = d["override"]
    if kind == "pin":
        inside = v.t.gettext(" inside {window}, accepted", window=d["window"]) \
            if d.get("window") else ""
        return v.t.gettext("{task_name} pinned to {date}", task_name=v.name(d["task_name"]),
                           date=v.date(n.to_date)) + inside + v.tail(d.get("reason"))
    if kind == "move_unit":
        return v.t.gettext("Unit {unit} moved from {from_wave} to {to_wave}", unit=d["unit"],
                           from_wave=d["from_wave"], to_wave=d["to_wave"]) + v.tail(d.get("reason"))
    if kind == "depend":
        return v.t.gettext("{task} waits for {after}", task=n.task, after=d["after"]) \
            + v.tail(d.get("reason"))
    if kind == "capacity":
        changes = ", ".join(f"{key} = {v.number(d[key])}"
                            for key in ("trainer_seats_per_week", "migration_tracks") if key in d)
        reason = f" ({d['reason']})" if d.get("reason") else ""
        return v.t.gettext("Capacity changed: {changes}", changes=changes) + reason
    raise KeyError(kind)


def _override_conflict(v: _Values, n: Note | Violation) -> str:
    d = n.data
    if d.get("refused") == "before_start":
        why = v.t.gettext("{date} is before the programme starts", date=v.date(d["date"]))
    else:
        why = v.t.gettext("{date} is inside {window} ({kind}, blocked {blocked_from} to "
                          "{window_end}); an override into a blackout needs a reason",
                          date=v.date(d["date"]), window=d["window"],
                          kind=v.word(_BLACKOUT_KINDS, d["kind"]),
                          blocked_from=v.date(d["blocked_from"]),
                          window_end=v.date(d["window_end"]))
    return v.t.gettext("Pin of {task} to {date} refused: {why}.", task=n.task,
                       date=v.date(d["date"]), why=why)


def _wave_split(v: _Values, n: Note) -> str:
    d = n.data
    return v.t.gettext("Region {region} has {users} users, above the cap of {cap} per wave; it "
                       "is split into {waves} waves along shared legacy platforms.",
                       region=d["region"], users=v.number(d["users"]), cap=v.number(d["cap"]),
                       waves=v.number(d["waves"]))


def _unit_exceeds_cap(v: _Values, n: Note) -> str:
    d = n.data
    return v.t.gettext("Unit {unit} alone has {users} users, above the cap of {cap}; a unit is "
                       "never split, so its wave exceeds the cap.", unit=d["unit"],
                       users=v.number(d["users"]), cap=v.number(d["cap"]))


def _wave_added(v: _Values, n: Note) -> str:
    return v.t.gettext("Units in no custom wave go live in a last wave: {units}.",
                       units=v.names(n.data["units"]))


def _no_units(v: _Values, _note: Note) -> str:
    return v.t.gettext("The programme lists no business units; the plan treats all users as "
                       "one unit. List units to get waves.")


def _platform_unassigned(v: _Values, n: Note) -> str:
    return v.t.gettext("No unit names {platforms}; cut over with {wave}.",
                       platforms=v.names(n.data["platforms"]), wave=v.name(n.data["wave_name"]))


def _pilot_chosen(v: _Values, n: Note) -> str:
    d = n.data
    if d["reason"] == "chosen":
        return v.t.gettext("Pilot unit {unit} as chosen.", unit=d["unit"])
    platforms = v.names(d["platforms"]) or v.t.gettext("none")
    return v.t.gettext("Pilot unit {unit} ({users} users): small, and its platforms "
                       "({platforms}) are the ones most other units use.", unit=d["unit"],
                       users=v.number(d["users"]), platforms=platforms)


def _rehearsal_added(v: _Values, n: Note) -> str:
    d = n.data
    reasons = v.names([v.word(_TRIAL_REASONS, r) for r in d["reasons"]])
    return v.t.gettext("{platform}: {trials} trial migrations before the rehearsal ({reasons}: "
                       "{records} records, data quality {data_quality}/5).",
                       platform=d["platform"], trials=v.number(d["trials"]), reasons=reasons,
                       records=v.grouped(d["records"]), data_quality=v.number(d["data_quality"]))


def _mitigation_skipped(v: _Values, n: Note) -> str:
    d = n.data
    why = d["why"]
    if why == "no_pilot":
        return v.t.gettext("The risk report asks for a pilot, but this scenario ({scenario}) has "
                           "none; compare it with pilot-waves.", scenario=d["scenario"])
    if why == "one_wave":
        return v.t.gettext("The risk report asks for smaller waves, but a big bang has one; "
                           "compare it with phased or pilot-waves.")
    return v.t.gettext("Action {action} has no task in this plan.", action=d["action"])


def _mitigation_task(v: _Values, n: Note) -> str:
    d = n.data
    action = d["action"]
    effect = ""
    if action in MITIGATION_EFFECTS:
        value = d.get("effect_value")
        shown = "" if value is None else (
            v.factor(value) if isinstance(value, float) else v.number(value))
        effect = ": " + v.t.gettext(MITIGATION_EFFECTS[action], value=shown)
    return v.t.gettext("{action} answers {factors}", action=action,
                       factors=v.names(d["factors"])) + effect + "."


def _capacity_assumed(v: _Values, n: Note) -> str:
    d = n.data
    return v.t.gettext("No trainer capacity given: {value} seats per week assumed (everyone "
                       "trained in about {weeks} weeks of training). Set trainer_seats_per_week "
                       "to plan with your own.", value=v.number(d["value"]),
                       weeks=v.number(d["weeks"]))


def _calendar(v: _Values, n: Note) -> str:
    d = n.data
    days = [v.weekday(day) for day in d["weekend"]]
    joined = (" و " if v.lang is Language.FA else " and ").join(days)
    text = v.t.gettext("{country}: weekend {days}", country=d["country"], days=joined)
    if d.get("thursday_half_day"):
        text += v.t.gettext("; Thursday is a half day")
    if d.get("holidays"):
        return text + v.t.gettext("; public holidays from the holidays package")
    return text + v.t.gettext("; no public-holiday data for this country, add closures as "
                              "blackouts")


_NOTE_RENDERERS: dict[NoteCode, Callable[[_Values, Note], str]] = {
    NoteCode.BLACKOUT_SHIFT: _blackout_shift,
    NoteCode.CAPACITY_WAIT: _capacity_wait,
    NoteCode.TARGET_DATE: _target_date,
    NoteCode.DEPENDENCY_WAIT: _dependency_wait,
    NoteCode.JUST_IN_TIME: _just_in_time,
    NoteCode.WAVE_SPLIT: _wave_split,
    NoteCode.UNIT_EXCEEDS_CAP: _unit_exceeds_cap,
    NoteCode.WAVE_ADDED: _wave_added,
    NoteCode.NO_UNITS: _no_units,
    NoteCode.PLATFORM_UNASSIGNED: _platform_unassigned,
    NoteCode.PILOT_CHOSEN: _pilot_chosen,
    NoteCode.REHEARSAL_ADDED: _rehearsal_added,
    NoteCode.MITIGATION_TASK: _mitigation_task,
    NoteCode.MITIGATION_SKIPPED: _mitigation_skipped,
    NoteCode.OVERRIDE_APPLIED: _override_applied,
    NoteCode.OVERRIDE_CONFLICT: _override_conflict,
    NoteCode.CAPACITY_ASSUMED: _capacity_assumed,
    NoteCode.CALENDAR: _calendar,
    NoteCode.NO_HOLIDAY_DATA: _calendar,
}


def _non_working_day(v: _Values, x: Violation) -> str:
    return v.t.gettext("{task} is dated {date}, not a working day in {countries}", task=x.task,
                       date=v.date(x.data["date"]), countries=v.names(x.data["countries"]))


def _dependency(v: _Values, x: Violation) -> str:
    d = x.data
    if "earliest" not in d:
        return v.t.gettext("{task} depends on unknown task {predecessor}", task=x.task,
                           predecessor=d["predecessor"])
    return v.t.gettext("{task} starts {start}, before {predecessor} allows ({earliest})",
                       task=x.task, start=v.date(d["start"]), predecessor=d["predecessor"],
                       earliest=v.date(d["earliest"]))


def _blackout(v: _Values, x: Violation) -> str:
    d = x.data
    return v.t.gettext("{task} ({start} to {end}) is inside {window} (blocked {blocked_from} to "
                       "{window_end})", task=x.task, start=v.date(d["start"]),
                       end=v.date(d["end"]), window=d["window"],
                       blocked_from=v.date(d["blocked_from"]), window_end=v.date(d["window_end"]))


def _capacity(v: _Values, x: Violation) -> str:
    d = x.data
    return v.t.gettext("{resource} over capacity on {days} day(s) from {first_day}: {used} used "
                       "of {limit}", resource=d["resource"], days=v.number(d["days"]),
                       first_day=v.date(d["first_day"]), used=v.number(d["used"]),
                       limit=v.number(d["limit"]))


def _unit_duplicated(v: _Values, x: Violation) -> str:
    return v.t.gettext("unit {unit} is in {first_wave} and {wave}", unit=x.data["unit"],
                       first_wave=x.data["first_wave"], wave=x.data["wave"])


def _unit_unassigned(v: _Values, x: Violation) -> str:
    return v.t.gettext("unit {unit} is in no wave", unit=x.data["unit"])


def _wave_over_cap(v: _Values, x: Violation) -> str:
    return v.t.gettext("{wave} has {users} users, above the cap of {cap}", wave=x.data["wave"],
                       users=v.number(x.data["users"]), cap=v.number(x.data["cap"]))


def _training_after_go_live(v: _Values, x: Violation) -> str:
    return v.t.gettext("{task} ends {end}, not before the go-live {go_live}", task=x.task,
                       end=v.date(x.data["end"]), go_live=v.date(x.data["go_live"]))


def _platform_not_migrated(v: _Values, x: Violation) -> str:
    return v.t.gettext("{wave} goes live {go_live} before {platform} is rehearsed and cut over",
                       wave=x.data["wave"], go_live=v.date(x.data["go_live"]),
                       platform=x.data["platform"])


_VIOLATION_RENDERERS: dict[ViolationCode, Callable[[_Values, Violation], str]] = {
    ViolationCode.NON_WORKING_DAY: _non_working_day,
    ViolationCode.DEPENDENCY: _dependency,
    ViolationCode.BLACKOUT: _blackout,
    ViolationCode.CAPACITY: _capacity,
    ViolationCode.UNIT_DUPLICATED: _unit_duplicated,
    ViolationCode.UNIT_UNASSIGNED: _unit_unassigned,
    ViolationCode.WAVE_OVER_CAP: _wave_over_cap,
    ViolationCode.TRAINING_AFTER_GO_LIVE: _training_after_go_live,
    ViolationCode.PLATFORM_NOT_MIGRATED: _platform_not_migrated,
    ViolationCode.OVERRIDE_CONFLICT: _override_conflict,
}


def render_note(note: Note, lang: Language, rename: Callable[[str], str] | None = None) -> str:
    """The note's message rendered from its template (raises if its data lacks a value)."""
    return _NOTE_RENDERERS[note.code](_Values(lang, rename), note)


def render_violation(violation: Violation, lang: Language) -> str:
    """The violation's message rendered from its template (raises if its data lacks a value)."""
    return _VIOLATION_RENDERERS[violation.code](_Values(lang), violation)


def note_message(note: Note, lang: Language, rename: Callable[[str], str] | None = None) -> str:
    """The note's message for a reader of ``lang``: the stored message in English.
    ``rename`` gives a blackout window's name in ``lang`` (say, a peak-season preset's)."""
    if lang is Language.EN:
        return note.message
    try:
        return render_note(note, lang, rename)
    except (KeyError, TypeError, ValueError):
        return note.message  # stored before its data carried every value: English, as stored


def violation_message(violation: Violation, lang: Language) -> str:
    """The violation's message for a reader of ``lang``: the stored message in English."""
    if lang is Language.EN:
        return violation.message
    try:
        return render_violation(violation, lang)
    except (KeyError, TypeError, ValueError):
        return violation.message
