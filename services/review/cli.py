"""Commands: `python -m services.review serve|worker|migrate|recompute|seed-demo`."""

from __future__ import annotations

import argparse
import sys

from services.review import case_review, demo
from services.review.deps import get_runtime
from shared.cli import ServiceCli

cli = ServiceCli("review", get_runtime)


def recompute(args: argparse.Namespace) -> int:
    """Recompute every case's claimed and verified score from its verdicts; report what differed."""
    with get_runtime().db.unit_of_work() as uow:
        checked, differed = case_review.recompute_all(uow)
    sys.stdout.write(
        f"recomputed {checked} cases; {differed} differed from the stored scores and were corrected\n"
    )
    return 1 if differed and args.check else 0


parser = cli.command(
    "recompute", recompute, "recompute every score from scratch (must agree with the live ones)"
)
parser.add_argument("--check", action="store_true", help="exit 1 if any stored score had to be corrected")


def seed_demo(args: argparse.Namespace) -> int:
    """Walk the demo pemda's cases into every state (after submission's seed-demo)."""
    report = demo.seed_demo(get_runtime().db, pemda_name=args.pemda_name, wait_seconds=args.wait)
    if report.skipped:
        sys.stdout.write(f"review demo: nothing done ({report.skipped})\n")
        return 0
    for nama, state in report.states.items():
        sys.stdout.write(f"  case: {nama} -> {state}\n")
    sys.stdout.write(
        f"review demo: projected IID ready at /api/v1/rankings/index?period_id={report.period_id}\n"
    )
    return 0


parser = cli.command("seed-demo", seed_demo, "walk the demo pemda's cases into every state (idempotent)")
parser.add_argument("--pemda-name", default=demo.DEMO_PEMDA)
parser.add_argument("--wait", type=float, default=0, help="seconds to wait for the cases to arrive")
