"""The OPD portal: an operator's innovations, the profile with autosave, each indicator with its evidence,
the completeness checklist and self-assessed score, sending to the OPD head, the revision view and the
version history. The OPD head may read the same pages (read-only); approving is in `approvals.py`.

Every form works without JavaScript (POST to the page, then back with a message); the scripts only add
autosave, word count, upload progress and the resumable video upload on top.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import AfterValidator, BeforeValidator, Field, ValidationError
from pydantic_core import PydanticCustomError
from starlette.concurrency import run_in_threadpool

from services.submission.deps import RuntimeDep, UnitOfWorkDep
from services.submission.innovations import assessment as assessment_rules
from services.submission.innovations import core, workflow
from services.submission.innovations import evidence as evidence_rules
from services.submission.innovations import profile as profile_rules
from services.submission.innovations.result import review_result
from services.submission.messages import KIND_LABELS
from services.submission.models import (
    Bentuk,
    Inisiator,
    Innovation,
    InnovationStatus,
    Jenis,
    Klasifikasi,
    ScanStatus,
    SumberDana,
    Tahapan,
)
from services.submission.schemas import InnovationCreate, InnovationUpdate
from services.submission.uploads import filename_of, receive_evidence
from services.submission.web import pages
from shared.auth import Principal, Role
from shared.contracts.catalogue import IndicatorDefinition
from shared.errors import AppError
from shared.i18n import translate
from shared.messaging.outbox import UnitOfWork
from shared.webui.forms import FieldProblem, FormInvalid, PageForm, field_messages, form_failed, read_form
from shared.webui.vocabulary import ASTA_CITA_CODES, rupiah, vocab, vocab_options

router = pages.router()

OperatorDep = Annotated[Principal, Depends(pages.user(Role.opd_operator))]
OpdPersonDep = Annotated[Principal, Depends(pages.user(Role.opd_operator, Role.opd_head))]

TEXT_FIELDS = ("nama", "nama_inisiator", "urusan_utama", "rancang_bangun", "tujuan", "manfaat", "hasil")
CHOICE_FIELDS = (
    "tahapan",
    "jenis",
    "inisiator",
    "bentuk",
    "tematik",
    "klasifikasi",
    "asta_cita",
    "sumber_dana",
)
DATE_FIELDS = ("waktu_uji_coba", "waktu_penerapan", "waktu_pengembangan")
# the 2026 fields typed as text (empty is nothing; numbers as Indonesians write them)
FIELDS_2026 = (
    "klaster_pkpn",
    "program_pkpn",
    "latitude",
    "longitude",
    "kontak_nama",
    "kontak_telepon",
    "kontak_email",
    "anggaran",
)
URUSAN_LAIN_INPUTS = 3
WITHDRAWABLE = (InnovationStatus.awaiting_head, InnovationStatus.submitted, InnovationStatus.resubmitted)
# service errors that belong to one field of the profile form
ERROR_FIELDS = {
    "innovation.duplicate_title": "nama",
    "innovation.uji_coba_after_penerapan": "waktu_uji_coba",
    "innovation.pengembangan_date_missing": "waktu_pengembangan",
    "innovation.bad_tematik": "tematik",
    "innovation.bad_urusan": "urusan_utama",
    "innovation.penerapan_outside_window": "waktu_penerapan",
    "innovation.bad_asta_cita": "asta_cita",
    "innovation.latitude_outside": "latitude",
    "innovation.longitude_outside": "longitude",
    "innovation.coordinates_incomplete": "latitude",
    "innovation.bad_kontak_telepon": "kontak_telepon",
    "innovation.bad_kontak_email": "kontak_email",
    "innovation.anggaran_negative": "anggaran",
}
CHOICES: dict[str, tuple[str, ...]] = {
    "tahapan": tuple(t.value for t in Tahapan),
    "jenis": tuple(j.value for j in Jenis),
    "inisiator": tuple(i.value for i in Inisiator),
    "bentuk": tuple(b.value for b in Bentuk),
    "klasifikasi": tuple(k.value for k in Klasifikasi),
    "asta_cita": tuple(str(no) for no in ASTA_CITA_CODES),
    "sumber_dana": tuple(d.value for d in SumberDana),
}


def _parameter(value: object) -> int:
    text = value.strip() if isinstance(value, str) else ""
    if not text.isdigit():
        raise PydanticCustomError("portal.err.choose_parameter", "portal.err.choose_parameter")
    return int(text)


def _letter_date(value: object) -> date | None:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        label = translate("portal.evidence.tanggal_surat")
        raise PydanticCustomError(
            "form.labelled.bad_date", "form.labelled.bad_date", {"label": label}
        ) from None


def _link(value: str) -> str:
    if not value.startswith(("https://", "http://")) or len(value) < 8:
        raise PydanticCustomError("portal.err.bad_url", "portal.err.bad_url")
    return value


class AnswerForm(PageForm):
    parameter: Annotated[int, BeforeValidator(_parameter)]
    kemanfaatan_basis: Annotated[str, Field(max_length=5)] = ""


class EvidenceForm(PageForm):
    nomor_surat: Annotated[str, Field(max_length=100)] = ""
    tanggal_surat: Annotated[date | None, BeforeValidator(_letter_date)] = None
    tentang: Annotated[str, Field(max_length=500)] = ""


class LinkForm(PageForm):
    url: Annotated[str, Field(max_length=1000), AfterValidator(_link)]
    title: Annotated[str, Field(max_length=255)] = ""


def choice_options() -> dict[str, list[tuple[str, str]]]:
    """The choices of the profile's lists as (value, label) in the user's language."""
    options = {name: [(value, vocab(name, value)) for value in values] for name, values in CHOICES.items()}
    options["urusan"] = vocab_options("urusan")
    return options


# ---- who may do what ----


def can_edit(principal: Principal, innovation: Innovation) -> bool:
    """The operator may still change something (draft, withdrawn, or a revision)."""
    return principal.role is Role.opd_operator and innovation.status in core.EDITABLE


def can_edit_profile(principal: Principal, innovation: Innovation) -> bool:
    return can_edit(principal, innovation) and innovation.status is not InnovationStatus.revision_requested


def can_edit_indicator(principal: Principal, innovation: Innovation, indicator_no: int) -> bool:
    if not can_edit(principal, innovation):
        return False
    if innovation.status is InnovationStatus.revision_requested:
        return indicator_no in (innovation.reopened_indicators or [])
    return True


def reviewer_notes(innovation: Innovation) -> dict[int, dict[str, Any]]:
    """The reviewers' notes on indicators they did not find in order (verdict other than `sesuai`)."""
    return {
        int(n["indicator_no"]): n
        for n in (innovation.indicator_notes or [])
        if n.get("verdict") != "sesuai" and "indicator_no" in n
    }


# ---- the profile form: values as typed, errors per field ----


def profile_values(innovation: Innovation) -> dict[str, Any]:
    """The profile as the form shows it (strings; urusan_lain padded to its inputs)."""
    values: dict[str, Any] = {}
    for name in (*TEXT_FIELDS, *CHOICE_FIELDS):
        value = getattr(innovation, name)
        values[name] = "" if value is None else str(value)
    for name in DATE_FIELDS:
        moment = getattr(innovation, name)
        values[name] = moment.isoformat() if moment else ""
    values["pengembangan"] = "true" if innovation.pengembangan else "false"
    values["urusan_lain"] = _pad(list(innovation.urusan_lain or []))
    for name in FIELDS_2026:
        value = getattr(innovation, name)
        values[name] = "" if value is None else str(value)
    if innovation.anggaran is not None:
        values["anggaran"] = rupiah(innovation.anggaran).removeprefix("Rp ")
    for name in ("latitude", "longitude"):
        values[name] = values[name].replace(".", ",")
    return values


def _pad(items: list[str]) -> list[str]:
    return items + [""] * max(0, URUSAN_LAIN_INPUTS - len(items))


def validation_errors(error: ValidationError) -> dict[str, str]:
    """The profile's problems, each message naming its field (the form is long)."""
    invalid = FormInvalid.from_validation(error, label_of=lambda name: translate(f"portal.field.{name}"))
    return field_messages(invalid, invalid.problems)


def service_errors(error: AppError) -> dict[str, str]:
    errors = field_messages(error)
    field = ERROR_FIELDS.get(error.code)
    if field:
        errors[field] = error.message()
    return errors


def profile_failed(
    uow: UnitOfWork, error: ValidationError | AppError, page: Callable[..., Response]
) -> Response:
    """Undo the attempt and show the profile form again, refused by the API model or by the feature.

    `page` renders the form with everything bound but `errors` and `status_code`."""
    uow.rollback()
    if isinstance(error, ValidationError):
        return page(errors=validation_errors(error), status_code=422)
    return page(errors=service_errors(error), status_code=error.status_code)


def profile_payload(values: dict[str, Any]) -> dict[str, Any]:
    """What the typed form means for the API models: empty optional fields are null."""
    data: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        data[name] = values[name]
    for name in (*CHOICE_FIELDS, *DATE_FIELDS):
        data[name] = values[name] or None
    data["pengembangan"] = values["pengembangan"] == "true"
    data["urusan_lain"] = [u.strip() for u in values["urusan_lain"] if u.strip()]
    for name in FIELDS_2026:
        data[name] = values[name].strip() or None
    return data


# ---- rendering ----


def status_label(status: InnovationStatus | str) -> str:
    return translate(f"portal.status.{status}")


def innovation_context(innovation: Innovation) -> dict[str, Any]:
    return {"innovation": innovation, "status_label": status_label, "file_notices": file_notices(innovation)}


def file_notices(innovation: Innovation) -> dict[str, list[str]]:
    """What the OPD is told about its files: those refused after upload, and those still being checked."""
    pending = [e for e in innovation.current_evidence if e.scan_status is ScanStatus.pending]
    return {
        "refused": [m for e in innovation.refused_evidence if (m := evidence_rules.scan_notice(e))],
        "pending": [m for e in pending if (m := evidence_rules.scan_notice(e))],
    }


def render_overview(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Principal,
    innovation_id: uuid.UUID,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    send_error: str | None = None,
    status_code: int = 200,
) -> Response:
    """The innovation's page: profile (form or read-only), checklist, score, indicators and actions."""
    session = uow.session
    innovation = core.get_innovation(session, principal=principal, innovation_id=innovation_id)
    assessment = assessment_rules.assess(session, innovation)
    period = core.innovation_period(session, innovation)
    context = {
        **innovation_context(innovation),
        "assessment": assessment,
        "tematik_options": [(str(x), str(x)) for x in (period.tematik_options or [])],
        "values": values or profile_values(innovation),
        "errors": errors or {},
        "send_error": send_error,
        "editable": can_edit(principal, innovation),
        "profile_editable": can_edit_profile(principal, innovation),
        "notes": reviewer_notes(innovation),
        "revision": innovation.status is InnovationStatus.revision_requested,
        "result": review_result(innovation, core.catalogue_for(session, innovation)),
        "max_score": assessment.max_score,
        "min_words": assessment_rules.MIN_RANCANG_BANGUN_WORDS,
        "options": choice_options(),
        "deadline": workflow.opd_deadline(session, principal=principal),
        "is_head": principal.role is Role.opd_head,
        "slots": [
            (slot, KIND_LABELS[kind], [e for e in innovation.current_evidence if e.slot == slot])
            for slot, kind in evidence_rules.FILE_SLOTS.items()
        ],
        "slot_max_mb": evidence_rules.SLOT_MAX_MB,
        "warnings": profile_rules.title_warnings(session, innovation)
        if can_edit_profile(principal, innovation)
        else [],
        "withdrawable": principal.role is Role.opd_operator and innovation.status in WITHDRAWABLE,
    }
    return pages.render(
        request, "submission/opd/innovation.html", context, status_code=status_code, principal=principal
    )


# ---- my innovations ----


@router.get("/opd/innovations")
def my_innovations(request: Request, uow: UnitOfWorkDep, principal: OpdPersonDep) -> Response:
    """The OPD's innovations with their status and the deadline counting down."""
    items = core.list_innovations(uow.session, principal=principal, limit=200, offset=0)
    context = {
        "items": items,
        "status_label": status_label,
        "deadline": workflow.opd_deadline(uow.session, principal=principal),
        "can_create": principal.role is Role.opd_operator,
    }
    return pages.render(request, "submission/opd/list.html", context, principal=principal)


def render_new(
    request: Request,
    principal: Principal,
    *,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The form that starts a draft: its name, stage and kind."""
    context = {"values": values, "errors": errors or {}, "options": choice_options()}
    return pages.render(
        request, "submission/opd/new.html", context, status_code=status_code, principal=principal
    )


@router.get("/opd/innovations/new")
def new_innovation_form(request: Request, principal: OperatorDep) -> Response:
    return render_new(request, principal, values={"nama": "", "tahapan": "", "jenis": ""})


@router.post("/opd/innovations/new")
def create_innovation(
    request: Request,
    uow: UnitOfWorkDep,
    principal: OperatorDep,
    nama: Annotated[str, Form(max_length=1000)] = "",
    tahapan: Annotated[str, Form(max_length=40)] = "",
    jenis: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Start a draft in the open period; on an error the form again with what was typed."""
    values = {"nama": nama, "tahapan": tahapan, "jenis": jenis}
    try:
        data = InnovationCreate.model_validate({k: v or None for k, v in values.items()})
        innovation, _ = profile_rules.create_innovation(uow, principal=principal, data=data)
    except (ValidationError, AppError) as error:
        return profile_failed(uow, error, partial(render_new, request, principal, values=values))
    return pages.redirect(f"/opd/innovations/{innovation.id}", flash="portal.created")


# ---- one innovation: profile, checklist, score, sending ----


@router.get("/opd/innovations/{innovation_id}")
def innovation_page(
    request: Request, innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: OpdPersonDep
) -> Response:
    return render_overview(request, uow, principal, innovation_id)


@router.post("/opd/innovations/{innovation_id}")
def save_profile(
    request: Request,
    innovation_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: OperatorDep,
    nama: Annotated[str, Form(max_length=1000)] = "",
    tahapan: Annotated[str, Form(max_length=40)] = "",
    jenis: Annotated[str, Form(max_length=40)] = "",
    inisiator: Annotated[str, Form(max_length=40)] = "",
    nama_inisiator: Annotated[str, Form(max_length=1000)] = "",
    bentuk: Annotated[str, Form(max_length=40)] = "",
    tematik: Annotated[str, Form(max_length=1000)] = "",
    urusan_utama: Annotated[str, Form(max_length=1000)] = "",
    urusan_lain: Annotated[list[str] | None, Form()] = None,
    waktu_uji_coba: Annotated[str, Form(max_length=40)] = "",
    waktu_penerapan: Annotated[str, Form(max_length=40)] = "",
    pengembangan: Annotated[str, Form(max_length=10)] = "false",
    waktu_pengembangan: Annotated[str, Form(max_length=40)] = "",
    rancang_bangun: Annotated[str, Form(max_length=200_000)] = "",
    tujuan: Annotated[str, Form(max_length=40_000)] = "",
    manfaat: Annotated[str, Form(max_length=40_000)] = "",
    hasil: Annotated[str, Form(max_length=40_000)] = "",
    klasifikasi: Annotated[str, Form(max_length=40)] = "",
    asta_cita: Annotated[str, Form(max_length=10)] = "",
    klaster_pkpn: Annotated[str, Form(max_length=1000)] = "",
    program_pkpn: Annotated[str, Form(max_length=1000)] = "",
    latitude: Annotated[str, Form(max_length=40)] = "",
    longitude: Annotated[str, Form(max_length=40)] = "",
    kontak_nama: Annotated[str, Form(max_length=1000)] = "",
    kontak_telepon: Annotated[str, Form(max_length=100)] = "",
    kontak_email: Annotated[str, Form(max_length=1000)] = "",
    sumber_dana: Annotated[str, Form(max_length=40)] = "",
    anggaran: Annotated[str, Form(max_length=60)] = "",
) -> Response:
    """Save the whole profile (the button that works without JavaScript)."""
    values: dict[str, Any] = {
        "nama": nama,
        "tahapan": tahapan,
        "jenis": jenis,
        "inisiator": inisiator,
        "nama_inisiator": nama_inisiator,
        "bentuk": bentuk,
        "tematik": tematik,
        "urusan_utama": urusan_utama,
        "urusan_lain": _pad([u for u in (urusan_lain or []) if u.strip()]),
        "waktu_uji_coba": waktu_uji_coba,
        "waktu_penerapan": waktu_penerapan,
        "pengembangan": pengembangan,
        "waktu_pengembangan": waktu_pengembangan,
        "rancang_bangun": rancang_bangun,
        "tujuan": tujuan,
        "manfaat": manfaat,
        "hasil": hasil,
        "klasifikasi": klasifikasi,
        "asta_cita": asta_cita,
        "klaster_pkpn": klaster_pkpn,
        "program_pkpn": program_pkpn,
        "latitude": latitude,
        "longitude": longitude,
        "kontak_nama": kontak_nama,
        "kontak_telepon": kontak_telepon,
        "kontak_email": kontak_email,
        "sumber_dana": sumber_dana,
        "anggaran": anggaran,
    }
    try:
        data = InnovationUpdate.model_validate(profile_payload(values))
        profile_rules.update_innovation(uow, principal=principal, innovation_id=innovation_id, data=data)
    except (ValidationError, AppError) as error:
        page = partial(render_overview, request, uow, principal, innovation_id, values=values)
        return profile_failed(uow, error, page)
    return pages.redirect(f"/opd/innovations/{innovation_id}", flash="form.saved")


def _move(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Principal,
    innovation_id: uuid.UUID,
    step: Callable[..., object],
    *,
    done: str,
) -> Response:
    """Take one workflow step; a refusal shows on the overview beside the send button."""
    try:
        step(uow, principal=principal, innovation_id=innovation_id)
    except AppError as error:
        uow.session.rollback()
        incomplete = error.code == "innovation.incomplete"
        message = translate("portal.send_incomplete") if incomplete else error.message()
        return render_overview(
            request, uow, principal, innovation_id, send_error=message, status_code=error.status_code
        )
    return pages.redirect(f"/opd/innovations/{innovation_id}", flash=done)


@router.post("/opd/innovations/{innovation_id}/send")
def send_to_head(
    request: Request, innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: OperatorDep
) -> Response:
    """Send to the OPD head (also the resubmission of a revision); what is missing is listed if anything."""
    return _move(request, uow, principal, innovation_id, workflow.send_to_head, done="portal.sent")


@router.post("/opd/innovations/{innovation_id}/withdraw")
def withdraw(
    request: Request, innovation_id: uuid.UUID, uow: UnitOfWorkDep, principal: OperatorDep
) -> Response:
    """Take it back (from the head's desk, or from the pemda before review starts) to change it."""
    return _move(request, uow, principal, innovation_id, workflow.withdraw, done="portal.withdrawn")


# ---- one indicator: parameter, guidance, evidence ----


def render_indicator(
    request: Request,
    uow: UnitOfWorkDep,
    principal: Principal,
    innovation_id: uuid.UUID,
    indicator_no: int,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """One indicator on its own page (light on a slow phone)."""
    session = uow.session
    innovation, definition = assessment_rules.indicator_definition(
        session, principal=principal, innovation_id=innovation_id, indicator_no=indicator_no
    )
    answer = next((a for a in innovation.answers if a.indicator_no == indicator_no), None)
    count = len(core.catalogue_for(session, innovation).indicators)
    evidence = [e for e in innovation.current_evidence if e.indicator_no == indicator_no and not e.slot]
    chosen = {
        "parameter": str(answer.parameter) if answer else "",
        "kemanfaatan_basis": (answer.kemanfaatan_basis or "") if answer else "",
        "nomor_surat": "",
        "tanggal_surat": "",
        "tentang": "",
        "url": "",
        "title": "",
    }
    chosen.update(typed or {})
    context = {
        **innovation_context(innovation),
        "definition": definition,
        "chosen": chosen,
        "evidence": evidence,
        "kind_label": KIND_LABELS[definition.evidence_kind],
        "accept": _accept(definition),
        "editable": can_edit_indicator(principal, innovation, indicator_no),
        "note": reviewer_notes(innovation).get(indicator_no),
        "revision": innovation.status is InnovationStatus.revision_requested,
        "errors": errors or {},
        "previous_no": indicator_no - 1 if indicator_no > 1 else None,
        "next_no": indicator_no + 1 if indicator_no < count else None,
        "count": count,
    }
    return pages.render(
        request, "submission/opd/indicator.html", context, status_code=status_code, principal=principal
    )


def _accept(definition: IndicatorDefinition) -> str:
    """The file picker's hint: the types the indicator takes (the server checks the content anyway)."""
    extensions = {
        "application/pdf": ".pdf",
        "image/jpeg": ".jpg,.jpeg",
        "image/png": ".png",
        "video/mp4": ".mp4",
        "video/quicktime": ".mov",
    }
    return ",".join([*definition.allowed_types, *(extensions[t] for t in definition.allowed_types)])


def _indicator_url(innovation_id: uuid.UUID, indicator_no: int) -> str:
    return f"/opd/innovations/{innovation_id}/indicators/{indicator_no}"


def on_field(error: AppError, field: str) -> dict[str, str]:
    """The messages of a refusal that is about one field whatever the error (the file, the link)."""
    return {"__all__": error.message(), field: error.message()}


@dataclass(frozen=True)
class IndicatorForm:
    """A form the operator sends from one indicator's page: that page again on a refusal, else back to it."""

    request: Request
    uow: UnitOfWork
    principal: Principal
    innovation_id: uuid.UUID
    indicator_no: int

    def failed(
        self,
        error: AppError,
        typed: dict[str, Any],
        *,
        fields: Iterable[str],
        field_of: Mapping[str, str] | None = None,
    ) -> Response:
        """The page again with what was typed and a message beside each field concerned."""
        page = partial(self._page, typed=typed)
        again: Response = form_failed(self.uow, error, page, fields=fields, field_of=field_of)
        return again

    def refused(self, error: AppError, typed: dict[str, Any], *, field: str) -> Response:
        """The page again with the feature's refusal beside `field`."""
        self.uow.rollback()
        return self._page(errors=on_field(error, field), typed=typed, status_code=error.status_code)

    def done(self, flash: str) -> Response:
        return pages.redirect(_indicator_url(self.innovation_id, self.indicator_no), flash=flash)

    def _page(self, **kwargs: Any) -> Response:
        return render_indicator(
            self.request, self.uow, self.principal, self.innovation_id, self.indicator_no, **kwargs
        )


def indicator_form(
    request: Request, innovation_id: uuid.UUID, indicator_no: int, uow: UnitOfWorkDep, principal: OperatorDep
) -> IndicatorForm:
    return IndicatorForm(request, uow, principal, innovation_id, indicator_no)


IndicatorFormDep = Annotated[IndicatorForm, Depends(indicator_form)]


@router.get("/opd/innovations/{innovation_id}/indicators/{indicator_no}")
def indicator_page(
    request: Request,
    innovation_id: uuid.UUID,
    indicator_no: int,
    uow: UnitOfWorkDep,
    principal: OpdPersonDep,
) -> Response:
    return render_indicator(request, uow, principal, innovation_id, indicator_no)


@router.post("/opd/innovations/{innovation_id}/indicators/{indicator_no}")
def save_answer(
    page: IndicatorFormDep,
    parameter: Annotated[str, Form(max_length=5)] = "",
    kemanfaatan_basis: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Claim a parameter (and the kemanfaatan basis of indicator 18)."""
    typed = {"parameter": parameter, "kemanfaatan_basis": kemanfaatan_basis}
    try:
        form = read_form(AnswerForm, typed)
        assessment_rules.set_answer(
            page.uow,
            principal=page.principal,
            innovation_id=page.innovation_id,
            indicator_no=page.indicator_no,
            parameter=form.parameter,
            kemanfaatan_basis=form.kemanfaatan_basis or None,
        )
    except AppError as error:
        field_of = {"innovation.bad_basis": "kemanfaatan_basis"}
        return page.failed(error, typed, fields=("parameter", "kemanfaatan_basis"), field_of=field_of)
    return page.done("portal.answer_saved")


@router.post("/opd/innovations/{innovation_id}/indicators/{indicator_no}/evidence")
async def upload_evidence(
    page: IndicatorFormDep,
    runtime: RuntimeDep,
    file: Annotated[UploadFile | None, File()] = None,
    nomor_surat: Annotated[str, Form(max_length=100)] = "",
    tanggal_surat: Annotated[str, Form(max_length=40)] = "",
    tentang: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Upload one evidence file without JavaScript (the page's script sends the same form to the API)."""
    typed = {"nomor_surat": nomor_surat, "tanggal_surat": tanggal_surat, "tentang": tentang}
    try:
        if file is None or not file.filename:
            raise FieldProblem("portal.err.choose_file", field="file")
        form = read_form(EvidenceForm, typed)
    except AppError as problem:
        fields = ("file", *EvidenceForm.model_fields)
        return await run_in_threadpool(partial(page.failed, problem, typed, fields=fields))
    meta = core.EvidenceMeta(
        indicator_no=page.indicator_no,
        filename=filename_of(file),
        nomor_surat=form.nomor_surat or None,
        tanggal_surat=form.tanggal_surat,
        tentang=form.tentang or None,
    )
    try:
        await receive_evidence(page.uow, page.principal, runtime, page.innovation_id, file, meta, None)
    except AppError as error:
        return await run_in_threadpool(partial(page.refused, error, typed, field="file"))
    return page.done("portal.uploaded_scanning")


@router.post("/opd/innovations/{innovation_id}/files/{slot}")
async def upload_profile_file(
    request: Request,
    innovation_id: uuid.UUID,
    slot: str,
    uow: UnitOfWorkDep,
    principal: OperatorDep,
    runtime: RuntimeDep,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """A profile file (anggaran, profil bisnis, HAKI, penghargaan) without JavaScript."""
    field = f"file_{slot}"

    def again(error: AppError) -> Response:
        uow.rollback()
        errors = on_field(error, field)
        return render_overview(
            request, uow, principal, innovation_id, errors=errors, status_code=error.status_code
        )

    if file is None or not file.filename:
        return await run_in_threadpool(again, FieldProblem("portal.err.choose_file", field=field))
    meta = core.EvidenceMeta(indicator_no=0, filename=filename_of(file), slot=slot)
    try:
        await receive_evidence(uow, principal, runtime, innovation_id, file, meta, None)
    except AppError as error:
        return await run_in_threadpool(again, error)
    return pages.redirect(f"/opd/innovations/{innovation_id}#berkas", flash="portal.uploaded_scanning")


@router.post("/opd/innovations/{innovation_id}/indicators/{indicator_no}/link")
def add_link(
    page: IndicatorFormDep,
    url: Annotated[str, Form(max_length=1000)] = "",
    title: Annotated[str, Form(max_length=255)] = "",
) -> Response:
    """A link as evidence (the video on a public platform)."""
    typed = {"url": url, "title": title}
    try:
        form = read_form(LinkForm, typed)
    except AppError as problem:
        return page.failed(problem, typed, fields=LinkForm.model_fields)
    meta = core.EvidenceMeta(
        indicator_no=page.indicator_no, filename=form.title or translate("portal.evidence.link_default")
    )
    try:
        evidence_rules.add_link(
            page.uow,
            principal=page.principal,
            innovation_id=page.innovation_id,
            url=form.url,
            meta=meta,
            replaces=None,
        )
    except AppError as error:
        return page.refused(error, typed, field="url")
    return page.done("portal.link_added")


@router.post("/opd/innovations/{innovation_id}/evidence/{evidence_id}/delete")
def delete_evidence(
    innovation_id: uuid.UUID,
    evidence_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: OperatorDep,
    back: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Take an item out of the draft (errors such as a locked indicator become an error page)."""
    evidence_rules.remove_evidence(
        uow, principal=principal, innovation_id=innovation_id, evidence_id=evidence_id
    )
    target = (
        back if back.startswith(f"/opd/innovations/{innovation_id}") else f"/opd/innovations/{innovation_id}"
    )
    return pages.redirect(target, flash="portal.evidence_removed")


@router.get("/opd/innovations/{innovation_id}/evidence/{evidence_id}")
def open_evidence(
    innovation_id: uuid.UUID,
    evidence_id: uuid.UUID,
    uow: UnitOfWorkDep,
    runtime: RuntimeDep,
    principal: OpdPersonDep,
) -> Response:
    """Open an evidence file (a short-lived link to storage) or the recorded link."""
    url = evidence_rules.evidence_download_url(
        uow.session,
        store=runtime.store,
        principal=principal,
        innovation_id=innovation_id,
        evidence_id=evidence_id,
    )
    return RedirectResponse(url, status_code=303)
