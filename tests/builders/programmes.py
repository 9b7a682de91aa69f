"""The large programme the benchmarks plan and the tests check: deterministic for a seed.

60 business units in 6 regions, 40 legacy platforms (16 shared across regions, 4 per region; each
unit uses 16), 20,000 staff, a retail peak season and a concurrent ERP project: at least 1,500
tasks once planned. ``benchmarks/bench_planner.py`` times it and compares its makespan with
CP-SAT's; ``benchmarks/bench_app.py`` stores it as an organisation; the planner's tests check
that it plans without violations.
"""

from __future__ import annotations

import datetime as dt
import random

from rollout.domain.assessment import Assessment
from rollout.domain.plan import PlanOptions

UNITS = 60
PLATFORMS = 40
STAFF = 20_000
REGIONS = ["north", "south", "east", "west", "central", "islands"]
SHARED_PLATFORMS = 16
REGIONAL_PLATFORMS = 4  # per region: 16 + 6 x 4 = 40


def large_programme(seed: int = 11, *, scale: int = 1) -> tuple[Assessment, PlanOptions]:
    """The benchmark programme; ``scale=10`` is the 10x one (600 units, 400 platforms, 200,000
    staff) with the same shape: every count multiplied, each unit using 16 x scale platforms."""
    rng = random.Random(seed)
    units_count, staff = UNITS * scale, STAFF * scale
    shared = [f"Core {i + 1}" for i in range(SHARED_PLATFORMS * scale)]
    regional = {r: [f"{r.title()} system {j + 1}" for j in range(REGIONAL_PLATFORMS * scale)]
                for r in REGIONS}
    platforms = [
        {"name": name, "kind": "billing" if i % 3 == 0 else "crm",
         "records": rng.choice([40_000, 300_000, 900_000, 1_500_000, 4_000_000, 12_000_000]),
         "data_quality": rng.randint(1, 5),
         "integrations": rng.sample(["billing", "erp", "web", "dealer_portal"], rng.randint(0, 2)),
         "entered_by_agents": rng.random() < 0.2}
        for i, name in enumerate(shared + [p for r in REGIONS for p in regional[r]])
    ]
    weights = [rng.uniform(0.3, 1.7) for _ in range(units_count)]
    users = [max(20, round(staff * w / sum(weights))) for w in weights]
    users[-1] += staff - sum(users)
    units = []
    digits = len(str(units_count))
    for i in range(units_count):
        region = REGIONS[i % len(REGIONS)]
        # Each unit uses 16 platforms at every scale: 12 shared and 4 of its region's.
        own = regional[region] if scale == 1 else rng.sample(regional[region], REGIONAL_PLATFORMS)
        uses = rng.sample(shared, 12) + own
        units.append({"name": f"Unit {i + 1:0{max(2, digits)}d}", "users": users[i],
                      "region": region, "legacy_platforms": uses})
    assessment = Assessment.model_validate({
        "name": "benchmark",
        "organisation": {"name": "Benchmark Retail", "industry": "retail", "country": "GB",
                         "size": "enterprise"},
        "programme": {
            "start_date": "2026-01-05", "target_go_live": "2026-11-02", "users_total": staff,
            "hypercare_weeks": 4, "modules": ["sales", "service", "marketing"],
            "business_units": units, "legacy_platforms": platforms,
            "peak_seasons": [{"name": "Black Friday to Christmas", "start": "2026-11-20",
                              "end": "2026-12-31", "recurring": True}],
            "concurrent_projects": [{"name": "ERP upgrade", "kind": "erp",
                                     "start": "2027-03-01", "end": "2027-04-15"}],
        },
    })
    options = PlanOptions(trainer_seats_per_week=1500 * scale, migration_tracks=6 * scale,
                          max_wave_share_pct=12)
    return assessment, options


COURSES = 10
TRAINING_RECORDS = 200_000  # completions: every member of staff, every course
SNAPSHOTS = 20


def large_training(seed: int = 11, *, scale: int = 1
                   ) -> tuple[list[dict[str, object]], bytes, bytes]:
    """The large organisation's training, deterministic for a seed: the curriculum (10
    courses), a roster of its 20,000 x scale staff (CSV, spread over the programme's units as
    their users are) and 200,000 x scale completions (CSV: each person, each course; one in
    nine failed), in the formats the training imports read."""
    rng = random.Random(seed)
    assessment, _ = large_programme(seed, scale=scale)
    courses = [{"code": f"CRM-{100 + i}", "title": f"CRM course {i + 1}",
                "duration_hours": rng.choice([2, 4, 6, 8])} for i in range(COURSES)]
    roster = ["employee_id,name,unit,job_role,language,super_user"]
    people: list[str] = []
    for unit in assessment.programme.business_units:
        for _ in range(unit.users):
            employee = f"E{len(people) + 1:07d}"
            people.append(employee)
            roster.append(f"{employee},Person {len(people)},{unit.name},"
                          f"{rng.choice(['Sales rep', 'Service agent', 'Manager'])},"
                          f"{'fa' if len(people) % 3 == 0 else 'en'},"
                          f"{'yes' if len(people) % 50 == 0 else 'no'}")
    completions = ["employee_id,course,completed_on,passed,score"]
    start = dt.date(2026, 1, 5)
    for employee in people:
        for course in courses:
            passed = rng.random() > 1 / 9
            completions.append(f"{employee},{course['code']},"
                               f"{start + dt.timedelta(days=rng.randrange(300))},"
                               f"{'yes' if passed else 'no'},{rng.randint(60 if passed else 20, 100)}")
    return (courses, ("\n".join(roster) + "\n").encode("utf-8"),
            ("\n".join(completions) + "\n").encode("utf-8"))
