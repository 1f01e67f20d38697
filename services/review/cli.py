"""Commands: `python -m services.review serve|worker|migrate|recompute`."""

from __future__ import annotations

import argparse
import sys

from services.review import service
from services.review.deps import get_runtime
from shared.cli import ServiceCli

cli = ServiceCli("review", get_runtime)


def recompute(args: argparse.Namespace) -> int:
    """Recompute every case's claimed and verified score from its verdicts; report what differed."""
    with get_runtime().db.unit_of_work() as uow:
        checked, differed = service.recompute_all(uow)
    sys.stdout.write(
        f"recomputed {checked} cases; {differed} differed from the stored scores and were corrected\n"
    )
    return 1 if differed and args.check else 0


parser = cli.command(
    "recompute", recompute, "recompute every score from scratch (must agree with the live ones)"
)
parser.add_argument("--check", action="store_true", help="exit 1 if any stored score had to be corrected")
