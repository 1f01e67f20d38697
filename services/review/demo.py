"""The demo's review side: walks the demo pemda's cases into every state through the real rules.

Run after submission's `seed-demo` once review has received the cases and the accounts
(`python -m services.review seed-demo --wait 120`); it does nothing on a pemda already walked.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field

from services.review import case_review, dashboard, repository, verdicts
from services.review.models import CaseStatus, Decision, DirectoryAccount, ReviewCase, Verdict
from shared.auth import Principal, Role
from shared.contracts.catalogue import SpdIndicatorDefinition
from shared.messaging.outbox import Database

log = logging.getLogger(__name__)

DEMO_PEMDA = "Kabupaten Kutai Kartanegara"
# What happens to the demo cases, oldest first; the rest stay open for the reviewers to try.
PLAN = ("accepted", "revision_requested", "rejected", "in_review", "accepted")


@dataclass
class DemoReport:
    period_id: uuid.UUID | None = None
    states: dict[str, str] = field(default_factory=dict)  # case nama -> what was done
    skipped: str = ""


def _principal(account: DirectoryAccount, role: Role) -> Principal:
    return Principal(
        user_id=account.user_id,
        pemda_id=account.pemda_id,
        opd_id=account.opd_id,
        role=role,
        name=account.name,
    )


def _marks(review: case_review.CaseReview, *, strict: bool) -> list[verdicts.VerdictInput]:
    """Verdicts that mostly confirm the claim; `strict` marks down the last required indicators."""
    required = sorted(review.required())
    claimed = review.claimed()
    items = []
    for position, no in enumerate(required):
        parameter = claimed.get(no, 0)
        if strict and position >= len(required) - 2 and parameter > 0:
            verdict, parameter, note = (
                Verdict.perlu_perbaikan,
                parameter - 1,
                "Bukti dukung belum lengkap (demo)",
            )
        else:
            verdict, note = Verdict.sesuai, ""
        items.append(
            verdicts.VerdictInput(indicator_no=no, verdict=verdict, verified_parameter=parameter, note=note)
        )
    return items


def _walk(db: Database, case_id: uuid.UUID, plan: str, admin: Principal | None) -> str:
    with db.unit_of_work() as uow:
        case = repository.get_case(uow.session, case_id)
        assert case is not None
        review = case_review.load_review(uow.session, case)
        reviewers = [
            review.accounts[a.reviewer_id]
            for a in review.active_assignments()
            if a.reviewer_id in review.accounts
        ]
        if not reviewers:
            return "open (no reviewer in the directory yet)"
        strict = plan in ("revision_requested", "rejected")
        for number, account in enumerate(reviewers):
            who = _principal(account, Role.reviewer)
            verdicts.record_verdicts(uow, principal=who, case_id=case_id, items=_marks(review, strict=strict))
            if plan != "in_review" or number > 0:
                verdicts.submit_verdicts(uow, principal=who, case_id=case_id)
            if plan == "in_review":
                break
        if plan == "in_review":
            return "in_review"
        decider = admin or _principal(reviewers[0], Role.reviewer)
        note = {
            "accepted": "",
            "revision_requested": "Lengkapi bukti dukung (demo)",
            "rejected": "Judul sama (demo)",
        }
        verdicts.decide(uow, principal=decider, case_id=case_id, decision=Decision(plan), note=note[plan])
        return plan


def _figure_for(spd: SpdIndicatorDefinition, wanted: int) -> str | None:
    """What the admin would type on a number or choice row to earn `wanted` (None: a parameter row)."""
    parameter = next(p for p in spd.parameters if p.value == wanted)
    if spd.input == "choice":
        return parameter.choices[0]
    if spd.input == "number":
        bounds = [b for b in (parameter.min, parameter.max) if b is not None]
        earning = [b for b in bounds if spd.parameter_for(b) == wanted] or bounds
        return format(earning[0], "f").replace(".", ",")
    return None


MIN_DEMO_CASES = 6  # submission's demo seed sends six innovations to the pemda


def seed_demo(db: Database, *, pemda_name: str = DEMO_PEMDA, wait_seconds: float = 0) -> DemoReport:
    """Walk the demo pemda's open cases into accepted, revision requested, rejected and in review,
    and enter its SPD values, once (a pemda with a decided case is left alone)."""
    report = DemoReport()
    deadline = time.monotonic() + wait_seconds
    while True:
        with db.session_factory() as session:
            found = repository.period_of_pemda_named(session, pemda_name)
            cases: list[ReviewCase] = repository.cases_of_period(session, found.period_id) if found else []
        if (found and len(cases) >= MIN_DEMO_CASES) or time.monotonic() >= deadline:
            break
        time.sleep(2)
    if found is None:
        report.skipped = f"no period of {pemda_name} known to review yet"
        return report
    report.period_id = found.period_id
    if any(c.status is CaseStatus.decided for c in cases):
        report.skipped = "already walked"
        return report
    with db.session_factory() as session:
        admins = repository.accounts_of_pemda(session, found.pemda_id, role=Role.admin.value)
    admin = _principal(admins[0], Role.admin) if admins else None
    waiting = sorted(
        (c for c in cases if c.status is CaseStatus.open), key=lambda c: (c.submitted_at, c.nama)
    )
    for case, plan in zip(waiting, PLAN, strict=False):
        report.states[case.nama] = _walk(db, case.id, plan, admin)
    if admin is not None:
        with db.unit_of_work() as uow:
            settings = case_review.period_settings(uow.session, found.period_id)
            assert settings is not None
            for position, spd in enumerate(settings.catalogue.spd_indicators):
                wanted = 3 - position % 3
                figure = _figure_for(spd, wanted)
                dashboard.set_spd_entry(
                    uow,
                    principal=admin,
                    period_id=found.period_id,
                    code=spd.code,
                    parameter=None if figure else wanted,
                    figure=figure,
                    note="Nilai contoh (demo)",
                    evidence_url=None,
                )
    log.info("review.seed_demo.done", extra={"states": report.states})
    return report
