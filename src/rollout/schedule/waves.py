"""Forming waves: the pilot, then units grouped by region and shared legacy platforms.

Rules (each decision leaves a note):

* big-bang: one wave holding every unit; the share cap does not apply (that is the point of the
  scenario, and the comparison shows its peak);
* the pilot is the unit the user chose, or a representative small unit: among units at or below
  the median size, the one whose platforms most other units also use (so its migration exercises
  the paths later waves need), preferring the largest region; ties go to the smaller unit;
* the other units are grouped by region; a region above the cap (default 25 % of users) is split
  along its platform groups (``wave_split``); small regions are merged, preferring regions that
  share platforms, while the merged wave stays within the cap;
* waves go live smallest first: early waves teach the programme on fewer people.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rollout.domain.assessment import BusinessUnit, Programme
from rollout.domain.codes import NoteCode
from rollout.domain.plan import MoveUnit, Note, Scenario
from rollout.errors import N_, Message, PlanningError

PILOT_ID = "pilot"


@dataclass
class WaveDraft:
    id: str
    name: str
    units: list[BusinessUnit] = field(default_factory=list)
    pilot: bool = False

    @property
    def users(self) -> int:
        return sum(u.users for u in self.units)

    @property
    def platforms(self) -> list[str]:
        return sorted({p for u in self.units for p in u.legacy_platforms})

    @property
    def regions(self) -> list[str]:
        return sorted({u.region for u in self.units})


def programme_units(programme: Programme) -> tuple[list[BusinessUnit], list[Note]]:
    """The units to roll out to; a programme without units gets one holding every user."""
    if programme.business_units:
        return list(programme.business_units), []
    unit = BusinessUnit(name="All users", users=programme.users_total,
                        legacy_platforms=[p.name for p in programme.legacy_platforms])
    note = Note(code=NoteCode.NO_UNITS, message="The programme lists no business units; the plan treats "
                "all users as one unit. List units to get waves.", data={"unit": unit.name})
    return [unit], [note]


def wave_cap_users(units: Sequence[BusinessUnit], share_pct: float) -> int:
    total = sum(u.users for u in units)
    # The epsilon keeps 9,000 users at 16.67 % from flooring to 1,499 by rounding error.
    return max(1, math.floor(total * share_pct / 100 + 1e-9))


def form_waves(
    units: Sequence[BusinessUnit],
    scenario: Scenario,
    *,
    share_pct: float,
    pilot_unit: str | None = None,
    custom_waves: Sequence[Sequence[str]] | None = None,
    moves: Sequence[MoveUnit] = (),
) -> tuple[list[WaveDraft], list[Note]]:
    notes: list[Note] = []
    by_name = {u.name: u for u in units}
    if pilot_unit is not None and pilot_unit not in by_name:
        raise PlanningError(Message(N_("pilot unit {unit} is not a business unit; units: {units}"),
                                    unit=repr(pilot_unit), units=", ".join(by_name)))
    drafts: list[WaveDraft]
    if scenario is Scenario.BIG_BANG:
        drafts = [WaveDraft("wave-1", "Big bang: all units", list(units))]
    else:
        rest = list(units)
        pilot: WaveDraft | None = None
        wants_pilot = scenario is Scenario.PILOT_WAVES or (
            scenario is Scenario.CUSTOM and pilot_unit is not None)
        if wants_pilot and units:
            chosen, note = _pilot(units, pilot_unit)
            notes.append(note)
            pilot = WaveDraft(PILOT_ID, f"Pilot: {chosen.name}", [chosen], pilot=True)
            rest = [u for u in units if u.name != chosen.name]
        if scenario is Scenario.CUSTOM and custom_waves is not None:
            groups, extra = _custom_groups(rest, custom_waves, by_name)
            notes.extend(extra)
        else:
            cap = wave_cap_users(units, share_pct)
            groups, extra = _group_units(rest, cap)
            notes.extend(extra)
        drafts = ([pilot] if pilot else []) + [
            WaveDraft(f"wave-{i}", "", g) for i, g in enumerate(groups, start=1)]
    drafts = _apply_moves(drafts, moves, by_name, notes)
    return _numbered(drafts), notes


def _pilot(units: Sequence[BusinessUnit], chosen: str | None) -> tuple[BusinessUnit, Note]:
    if chosen is not None:
        unit = next(u for u in units if u.name == chosen)
        return unit, Note(code=NoteCode.PILOT_CHOSEN, message=f"Pilot unit {unit.name} as chosen.",
                          data={"unit": unit.name, "users": unit.users, "reason": "chosen"})
    users_of_platform: dict[str, int] = defaultdict(int)
    for u in units:
        for p in set(u.legacy_platforms):
            users_of_platform[p] += 1
    region_users: dict[str, int] = defaultdict(int)
    for u in units:
        region_users[u.region] += u.users
    largest_region = max(sorted(region_users), key=region_users.__getitem__)
    staffed = [u for u in units if u.users > 0] or list(units)
    sizes = sorted(u.users for u in staffed)
    median = sizes[(len(sizes) - 1) // 2]
    small = [u for u in staffed if u.users <= median]

    def coverage(u: BusinessUnit) -> float:
        # How many other units use this unit's platforms: a pilot on shared platforms rehearses
        # the migrations that later waves depend on.
        return sum(users_of_platform[p] - 1 for p in set(u.legacy_platforms)) / max(1, len(units))

    best = max(small, key=lambda u: (coverage(u) + (0.5 if u.region == largest_region else 0),
                                     -u.users, [-ord(c) for c in u.name]))
    return best, Note(
        code=NoteCode.PILOT_CHOSEN,
        message=f"Pilot unit {best.name} ({best.users} users): small, and its platforms "
                f"({', '.join(best.legacy_platforms) or 'none'}) are the ones most other units use.",
        data={"unit": best.name, "users": best.users, "platforms": list(best.legacy_platforms),
              "region": best.region, "reason": "representative_small_unit"},
    )


def _custom_groups(
    rest: Sequence[BusinessUnit], custom: Sequence[Sequence[str]], by_name: dict[str, BusinessUnit]
) -> tuple[list[list[BusinessUnit]], list[Note]]:
    remaining = {u.name for u in rest}
    groups: list[list[BusinessUnit]] = []
    seen: set[str] = set()
    for i, names in enumerate(custom, start=1):
        group = []
        for name in names:
            if name not in by_name:
                raise PlanningError(Message(N_("custom wave {index}: {unit} is not a business "
                                               "unit"), index=i, unit=repr(name)))
            if name in seen:
                raise PlanningError(Message(N_("custom wave {index}: unit {unit} is already in "
                                               "another wave"), index=i, unit=repr(name)))
            seen.add(name)
            if name in remaining:
                group.append(by_name[name])
        if group:
            groups.append(group)
    left = [u for u in rest if u.name not in seen]
    notes = []
    if left:
        groups.append(left)
        notes.append(Note(code=NoteCode.WAVE_ADDED, message=f"Units in no custom wave go live in a last "
                          f"wave: {', '.join(u.name for u in left)}.",
                          data={"units": [u.name for u in left]}))
    return groups, notes


def _group_units(
    units: Sequence[BusinessUnit], cap: int
) -> tuple[list[list[BusinessUnit]], list[Note]]:
    notes: list[Note] = []
    regions: dict[str, list[BusinessUnit]] = defaultdict(list)
    for u in units:
        regions[u.region].append(u)
    chunks: list[list[BusinessUnit]] = []
    for region in sorted(regions):
        members = regions[region]
        users = sum(u.users for u in members)
        if users <= cap:
            chunks.append(members)
            continue
        parts = _split_region(members, cap)
        chunks.extend(parts)
        if len(parts) > 1:
            notes.append(Note(
                code=NoteCode.WAVE_SPLIT,
                message=f"Region {region} has {users} users, above the cap of {cap} per wave; "
                        f"it is split into {len(parts)} waves along shared legacy platforms.",
                data={"region": region, "users": users, "cap": cap, "waves": len(parts)},
            ))
        for u in members:
            if u.users > cap:
                notes.append(Note(
                    code=NoteCode.UNIT_EXCEEDS_CAP,
                    message=f"Unit {u.name} alone has {u.users} users, above the cap of {cap}; "
                            f"a unit is never split, so its wave exceeds the cap.",
                    data={"unit": u.name, "users": u.users, "cap": cap},
                ))
    return _merge_small(chunks, cap), notes


def _split_region(members: list[BusinessUnit], cap: int) -> list[list[BusinessUnit]]:
    # Units on the same platforms stay together where possible (one cutover per platform per
    # wave); groups and units are placed first-fit by decreasing size.
    groups: dict[tuple[str, ...], list[BusinessUnit]] = defaultdict(list)
    for u in members:
        groups[tuple(sorted(set(u.legacy_platforms)))].append(u)
    ordered = sorted(groups.items(), key=lambda kv: (-sum(u.users for u in kv[1]), kv[0]))
    bins: list[list[BusinessUnit]] = []
    for _, group in ordered:
        if sum(u.users for u in group) <= cap:
            _place([group], bins, cap)
        else:
            _place([[u] for u in sorted(group, key=lambda u: (-u.users, u.name))], bins, cap)
    return bins


def _place(items: list[list[BusinessUnit]], bins: list[list[BusinessUnit]], cap: int) -> None:
    for item in items:
        size = sum(u.users for u in item)
        platforms = {p for u in item for p in u.legacy_platforms}
        fits = [b for b in bins if sum(u.users for u in b) + size <= cap]
        if fits:
            best = max(fits, key=lambda b: len(platforms & {p for u in b for p in u.legacy_platforms}))
            best.extend(item)
        else:
            bins.append(list(item))


def _merge_small(chunks: list[list[BusinessUnit]], cap: int) -> list[list[BusinessUnit]]:
    ordered = sorted(chunks, key=lambda c: (-sum(u.users for u in c), c[0].region, c[0].name))
    merged: list[list[BusinessUnit]] = []
    _place(ordered, merged, cap)
    return sorted(merged, key=lambda w: (sum(u.users for u in w), sorted(u.name for u in w)))


def _apply_moves(
    drafts: list[WaveDraft], moves: Sequence[MoveUnit], by_name: dict[str, BusinessUnit],
    notes: list[Note],
) -> list[WaveDraft]:
    for move in moves:
        unit = by_name.get(move.unit)
        if unit is None:
            raise PlanningError(Message(N_("override move_unit: {unit} is not a business unit; "
                                           "units: {units}"), unit=repr(move.unit),
                                        units=", ".join(by_name)))
        numbered = [d for d in drafts if not d.pilot]
        target = next((d for d in drafts if d.id == move.wave), None)
        if target is None:
            if move.wave == PILOT_ID:
                target = WaveDraft(PILOT_ID, "", [], pilot=True)
                drafts.insert(0, target)
            elif move.wave == f"wave-{len(numbered) + 1}":
                target = WaveDraft(move.wave, "", [])
                drafts.append(target)
            else:
                known = ", ".join([d.id for d in drafts] + [f"wave-{len(numbered) + 1}"])
                raise PlanningError(Message(N_("override move_unit: no wave {wave}; waves: "
                                               "{known}"), wave=repr(move.wave), known=known))
        source = next(d for d in drafts if any(u.name == unit.name for u in d.units))
        if source is target:
            continue
        source.units = [u for u in source.units if u.name != unit.name]
        target.units.append(unit)
        notes.append(Note(
            code=NoteCode.OVERRIDE_APPLIED,
            message=f"Unit {unit.name} moved from {source.id} to {target.id}"
                    + (f": {move.reason}" if move.reason else "."),
            data={"override": "move_unit", "unit": unit.name, "from_wave": source.id,
                  "to_wave": target.id, "reason": move.reason, "author": move.author},
        ))
        drafts = [d for d in drafts if d.units]
    return drafts


def _numbered(drafts: list[WaveDraft]) -> list[WaveDraft]:
    out: list[WaveDraft] = []
    number = 0
    for draft in drafts:
        if draft.pilot:
            names = ", ".join(u.name for u in draft.units)
            out.append(WaveDraft(PILOT_ID, f"Pilot: {names}", draft.units, pilot=True))
            continue
        number += 1
        if draft.name.startswith("Big bang"):
            name = draft.name
        else:
            regions = draft.regions
            label = ", ".join(regions[:3]) + (f" +{len(regions) - 3}" if len(regions) > 3 else "")
            name = f"Wave {number}: {label}"
        out.append(WaveDraft(f"wave-{number}", name, draft.units))
    return out
