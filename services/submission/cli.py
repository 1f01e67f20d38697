"""Admin commands: `python -m services.submission <command>`."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from services.submission import accounts, demo, pemdas, periods, repository
from services.submission.deps import get_runtime
from services.submission.models import Opd, Pemda, PemdaKind
from shared.auth import Role, generate_key_pair
from shared.cli import ServiceCli
from shared.db import session_scope
from shared.errors import AppError

cli = ServiceCli("submission", get_runtime)

DEMO_PASSWORD = "demo-kukar-2026"  # noqa: S105 - printed for the local demo only
DEMO_OPDS = (
    ("Dinas Kesehatan", "dinas"),
    ("Dinas Pendidikan dan Kebudayaan", "dinas"),
    ("Badan Riset dan Inovasi Daerah", "badan"),
    ("Kecamatan Tenggarong", "kecamatan"),
)
DEMO_USERS = (
    ("operator@kukar.demo", "Operator Dinas Kesehatan", Role.opd_operator, 0, "081234500001"),
    ("kepala@kukar.demo", "Kepala Dinas Kesehatan", Role.opd_head, 0, "081234500002"),
    ("reviewer@kukar.demo", "Verifikator BRIDA", Role.reviewer, 2, "081234500003"),
    ("admin@kukar.demo", "Admin BRIDA", Role.admin, 2, "081234500004"),
    ("superadmin@kukar.demo", "Superadmin", Role.superadmin, None, None),
)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _pemda(session: Session, slug: str) -> Pemda:
    pemda = repository.get_pemda_by_slug(session, slug)
    if pemda is None:
        raise SystemExit(f"no pemda {slug!r}")
    return pemda


def _opd(session: Session, pemda: Pemda, name: str | None) -> Opd | None:
    if name is None:
        return None
    opd = repository.get_opd_by_name(session, pemda_id=pemda.id, name=name)
    if opd is None:
        raise SystemExit(f"no OPD {name!r} in {pemda.slug}")
    return opd


def create_pemda(args: argparse.Namespace) -> None:
    with session_scope(get_runtime().session_factory) as session:
        try:
            pemda = pemdas.create_pemda(
                session, slug=args.slug, name=args.name, kind=PemdaKind(args.kind), timezone=args.timezone
            )
        except AppError as exc:
            raise SystemExit(exc.message()) from exc
        _out(f"pemda {pemda.slug} {pemda.id}")


def create_opd(args: argparse.Namespace) -> None:
    with get_runtime().db.unit_of_work() as uow:
        pemda = _pemda(uow.session, args.pemda)
        parent = _opd(uow.session, pemda, args.parent)
        opd = accounts.create_opd(uow, pemda=pemda, name=args.name, kind=args.kind, parent=parent)
        _out(f"opd {opd.id}")


def create_user(args: argparse.Namespace) -> None:
    with get_runtime().db.unit_of_work() as uow:
        session = uow.session
        pemda = _pemda(session, args.pemda) if args.pemda else None
        user = accounts.create_user(
            uow,
            email=args.email,
            name=args.name,
            role=Role(args.role),
            password=args.password,
            pemda=pemda,
            opd=_opd(session, pemda, args.opd) if pemda else None,
            whatsapp=args.whatsapp,
            whatsapp_opt_in=args.whatsapp_opt_in,
            language=args.language,
        )
        _out(f"user {user.email} {user.id}")


def create_period(args: argparse.Namespace) -> None:
    with get_runtime().db.unit_of_work() as uow:
        pemda = _pemda(uow.session, args.pemda)
        period = periods.create_period(
            uow, pemda=pemda, data=periods.PeriodInput(year=args.year, catalogue_code=args.catalogue)
        )
        _out(f"period {period.year} {period.id} ({period.catalogue_code})")


def seed_demo(args: argparse.Namespace) -> None:
    """The demo pemda (Kutai Kartanegara, WITA): OPDs, people, an open period, innovations. Idempotent."""
    with get_runtime().db.unit_of_work() as uow:
        pemda = repository.get_pemda_by_slug(uow.session, "kukar")
        if pemda is None:
            pemda = pemdas.create_pemda(
                uow.session,
                slug="kukar",
                name="Kabupaten Kutai Kartanegara",
                kind=PemdaKind.kabupaten,
                timezone="Asia/Makassar",
            )
            opds = [accounts.create_opd(uow, pemda=pemda, name=n, kind=k) for n, k in DEMO_OPDS]
            for email, name, role, opd_index, phone in DEMO_USERS:
                accounts.create_user(
                    uow,
                    email=email,
                    name=name,
                    role=role,
                    password=DEMO_PASSWORD,
                    pemda=None if role is Role.superadmin else pemda,
                    opd=opds[opd_index] if opd_index is not None and role.value.startswith("opd") else None,
                    whatsapp=phone,
                    whatsapp_opt_in=phone is not None,
                )
    with get_runtime().db.unit_of_work() as uow:
        pemda = _pemda(uow.session, "kukar")
        opds = repository.list_opds(uow.session, pemda_id=pemda.id)
        by_name = {o.name: o for o in opds}
        for email, name, role_name, opd_index, phone in demo.EXTRA_USERS:
            if repository.get_user_by_email(uow.session, email) is None:
                accounts.create_user(
                    uow,
                    email=email,
                    name=name,
                    role=Role(role_name),
                    password=DEMO_PASSWORD,
                    pemda=pemda,
                    opd=by_name[DEMO_OPDS[opd_index][0]] if opd_index is not None else None,
                    whatsapp=phone,
                    whatsapp_opt_in=True,
                )
        year = datetime.now(UTC).year
        period = repository.get_period(uow.session, pemda_id=pemda.id, year=year)
        if period is None:
            period = periods.create_period(uow, pemda=pemda, data=periods.PeriodInput(year=year))
    store = get_runtime().store
    store.ensure_bucket()
    with get_runtime().db.unit_of_work() as uow:
        pemda = _pemda(uow.session, "kukar")
        period = repository.get_period(uow.session, pemda_id=pemda.id, year=year)
        assert period is not None
        innovations = demo.seed_innovations(
            uow, store=store, scanner=get_runtime().scanner, pemda=pemda, period=period
        )
        for line in innovations:
            _out(f"  innovation: {line}")
    _out("Demo pemda: Kabupaten Kutai Kartanegara (WITA)")
    for email, _name, role, _opd_index, _phone in DEMO_USERS:
        _out(f"  {role.value:<13} {email:<24} password: {DEMO_PASSWORD}")
    for email, _name, role_name, _opd_index, _phone in demo.EXTRA_USERS:
        _out(f"  {role_name:<13} {email:<24} password: {DEMO_PASSWORD}")


def generate_keys(args: argparse.Namespace) -> None:
    """Print a new Ed25519 key pair for SUBMISSION_JWT_PRIVATE_KEY and JWT_PUBLIC_KEY."""
    private, public = generate_key_pair()
    _out(private + public)


p = cli.command("create-pemda", create_pemda, "create a pemda (tenant)")
p.add_argument("--slug", required=True)
p.add_argument("--name", required=True)
p.add_argument("--kind", choices=[k.value for k in PemdaKind], required=True)
p.add_argument("--timezone", choices=pemdas.TIMEZONES, required=True)
p = cli.command("create-opd", create_opd, "create an OPD in a pemda")
p.add_argument("--pemda", required=True, help="pemda slug")
p.add_argument("--name", required=True)
p.add_argument("--kind", default="dinas", choices=[k.value for k in accounts.OpdKind])
p.add_argument("--parent", help="name of the parent OPD")
p = cli.command("create-user", create_user, "create an account")
p.add_argument("--pemda", help="pemda slug (all roles but superadmin)")
p.add_argument("--opd", help="OPD name (opd_operator, opd_head)")
p.add_argument("--email", required=True)
p.add_argument("--name", required=True)
p.add_argument("--role", choices=[r.value for r in Role], required=True)
p.add_argument("--password", required=True)
p.add_argument("--whatsapp")
p.add_argument("--whatsapp-opt-in", action="store_true")
p.add_argument("--language", choices=["id", "en"], default="id")
p = cli.command("create-period", create_period, "open the yearly call of a pemda (the whole local year)")
p.add_argument("--pemda", required=True)
p.add_argument("--year", type=int, default=datetime.now(UTC).year)
p.add_argument("--catalogue", default="iid-2025", help="catalogue code (iid-2025, iid-2023)")
cli.command("seed-demo", seed_demo, "seed the demo pemda Kutai Kartanegara (idempotent)")
cli.command("generate-keys", generate_keys, "print a new token signing key pair")
