"""Check-in through the JSON API: scans, offline batches, the sync data, attendance."""

import hashlib
import json
from datetime import UTC

import sqlalchemy as sa
from flask import Blueprint, current_app, request
from flask_babel import gettext as _

from camps.models import Event
from core.db import commit, rollback, utcnow
from core.errors import DomainError, ValidationError
from extensions import csrf, db, limiter
from registration.api import schemas
from registration.checkin import (
    GateEvent,
    ScanRequest,
    attendance,
    can_check_in,
    gate_event,
    perform_checkin,
    sync_data,
)
from staff.decorators import api_user, require_role
from staff.models import Role
from web.jsonapi import ApiError, endpoint, json_body
from web.schemas import parse

bp = Blueprint("checkin_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def _scanner_key() -> str:
    user = api_user()
    return f"scanner-{user.id}" if user else request.remote_addr or "unknown"


def _unknown_scans(response) -> bool:
    # Only scans of unknown codes count against the limit: guessing is slowed, work is not.
    return response.status_code == 200 and b'"unknown_ticket"' in response.get_data()


def _event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or not can_check_in(api_user(), event):
        raise ApiError(404, "not_found", _("Not found."))
    return event


def _gate(event_id: int) -> GateEvent:
    """The event a scan is for, if this bearer may scan there (a scan needs no more of it)."""
    event = gate_event(event_id)
    if event is None or not can_check_in(api_user(), event):
        raise ApiError(404, "not_found", _("Not found."))
    return event


def _read_scan(body: dict, prefix: str = "") -> ScanRequest:
    scan = parse(schemas.ScanInput, body, prefix)
    if scan.ticket_id is None and scan.code is None:
        raise ValidationError({prefix + "code": _("This field is required.")})
    scanned_at = scan.scanned_at
    if scanned_at is not None and scanned_at.tzinfo is None:
        scanned_at = scanned_at.replace(tzinfo=UTC)
    return ScanRequest(
        code=scan.code.strip().upper() if scan.code else None,
        ticket_id=scan.ticket_id,
        event_id=scan.event_id,
        direction=scan.direction or "in",
        nonce=scan.nonce,
        scanned_at=scanned_at,
    )


@bp.post("/checkin")
@require_role(Role.SCANNER, Role.ORGANISER)
@limiter.limit("30 per minute", key_func=_scanner_key, deduct_when=_unknown_scans)
@endpoint(
    summary="Scan a ticket in or out (scanner, organiser, admin)",
    body=schemas.ScanInput,
    answers={200: schemas.ScanAnswer},
    errors=(400, 401, 403, 404, 422),
    bearer=True,
)
def checkin():
    """Scan a ticket in or out; every readable scan is answered 200."""
    scan = _read_scan(json_body())
    answer = perform_checkin(scan, event=_gate(scan.event_id), user=api_user(), now=utcnow())
    commit()
    return schemas.ScanAnswer.model_validate(answer).model_dump()


@bp.post("/checkin/batch")
@require_role(Role.SCANNER, Role.ORGANISER)
@endpoint(
    summary="Upload queued offline scans; answered in order, none recorded twice",
    body=schemas.BatchInput,
    answers={200: schemas.BatchAnswer},
    errors=(400, 401, 403, 422),
    bearer=True,
)
def checkin_batch():
    """Upload scans an offline device queued; each is answered in order, none recorded twice."""
    items = parse(schemas.BatchInput, json_body()).items
    results = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            results.append({"ok": False, "code": "bad_request", "message": _("Not a scan.")})
            continue
        try:
            scan = _read_scan(item, prefix=f"items.{index}.")
            event = _gate(scan.event_id)
            answer = perform_checkin(scan, event=event, user=api_user(), now=utcnow())
            commit()  # each scan stands on its own: one bad item loses no other
        except (ApiError, DomainError) as error:
            rollback()
            answer = {"ok": False, "code": error.code, "message": error.message}
        except sa.exc.OperationalError:
            raise
        except Exception:
            # A scan the server cannot take must not block the rest of the queue for ever:
            # it is answered, logged, and the device drops it. (Busy: the whole upload is
            # answered 503 and retried; what was committed answers again by its nonce.)
            rollback()
            current_app.logger.exception("scan %d of a batch refused", index)
            answer = {"ok": False, "code": "bad_request", "message": _("Not a scan.")}
        results.append(answer)
    return schemas.BatchAnswer(results=results).model_dump()


@bp.get("/events/<int:event_id>/checkin/sync")
@require_role(Role.SCANNER, Role.ORGANISER)
@endpoint(
    summary="What an offline scanner needs (ETag / If-None-Match)",
    answers={200: schemas.Sync, 304: "Unchanged"},
    errors=(401, 403, 404),
    bearer=True,
)
def checkin_sync(event_id: int):
    """The tickets an offline scanner needs to decide by itself (hashes, never codes)."""
    event = _event(event_id)
    tickets = sync_data(event.id)
    etag = hashlib.sha256(json.dumps(tickets, sort_keys=True).encode()).hexdigest()[:32]
    body = schemas.Sync(
        event=schemas.SyncEvent(
            id=event.id, title=event.text("title", "en"), timezone=event.timezone
        ),
        generated_at=utcnow().isoformat(timespec="seconds"),
        tickets=tickets,
    ).model_dump()
    response = current_app.response_class(
        json.dumps(body), mimetype="application/json", headers={"Cache-Control": "no-cache"}
    )
    response.set_etag(etag)
    return response.make_conditional(request)


@bp.get("/events/<int:event_id>/attendance")
@require_role(Role.SCANNER, Role.ORGANISER)
@endpoint(
    summary="People confirmed, waiting, checked in at least once, on site now",
    answers={200: schemas.Attendance},
    errors=(401, 403, 404),
    bearer=True,
)
def event_attendance(event_id: int):
    """Confirmed, waiting, checked in at least once, and on site now — people."""
    return schemas.Attendance(**attendance(_event(event_id).id)).model_dump()
