"""Staff pages: logging in and out, the accounts, the audit log."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from core import audit
from core.db import commit, utcnow
from extensions import db, limiter
from staff.decorators import staff_required
from staff.forms import LoginForm, StaffForm
from staff.models import Role, StaffUser
from staff.services import authenticate, end_session, partners, save_staff, start_session
from web.forms import choices, int_arg, run_form_service
from web.links import is_safe_next

bp = Blueprint("auth", __name__)

#: What each action of the audit log is called; the log stores the fixed word.
AUDIT_ACTIONS = {
    "login": _l("Logged in"),
    "login_failed": _l("Failed login"),
    "role_changed": _l("Role changed"),
    "health_sheet_viewed": _l("Health sheet viewed"),
    "kitchen_sheet_viewed": _l("Kitchen sheet viewed"),
    "booking_link_issued": _l("A new booking link given to a family"),
    "export_roster": _l("Roster downloaded"),
    "export_kitchen": _l("Kitchen sheet downloaded"),
    "export_health": _l("Health sheet downloaded"),
    "export_emergency": _l("Emergency contacts downloaded"),
    "export_pickup": _l("Pickup list downloaded"),
    "data_export_family": _l("A family downloaded its data"),
    "data_export_staff": _l("A family's data downloaded by staff"),
    "privacy_published": _l("Privacy notice published"),
    "erasure_family_request": _l("Person erased: the family asked for it"),
    "erasure_duplicate": _l("Person erased: registered twice"),
    "erasure_legal_obligation": _l("Person erased: a legal obligation"),
    "erasure_other": _l("Person erased: another reason"),
}


def audit_action_title(action: str) -> str:
    """An audit action as people read it; an action without a title shows its fixed word."""
    title = AUDIT_ACTIONS.get(action)
    return str(title) if title is not None else action


def _landing(user: StaffUser) -> str:
    """Where each role starts its work."""
    return {
        Role.SCANNER: "scan.scanner",
        Role.FACILITY: "facility.index",
    }.get(user.role, "camps_staff.events")


@bp.route("/staff/login", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login_view():
    """Log a staff member in."""
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        now = utcnow()
        if user is None:
            audit.record("login_failed", staff_id=None, subject="", now=now)
            commit()
            form.password.errors.append(_("Wrong e-mail address or password."))
        else:
            start_session(user)
            audit.record("login", staff_id=user.id, subject=f"staff:{user.id}", now=now)
            commit()
            # A fresh session at login: nothing planted before it carries over.
            session.clear()
            login_user(user)
            flash(_("You are logged in."), "success")
            target = request.args.get("next")
            return redirect(target if is_safe_next(target) else url_for(_landing(user)))
    return render_template("staff/login.html", form=form)


@bp.route("/staff/logout", methods=["POST"])
def logout_view():
    """End this login on the server, so the old cookie never works again."""
    if current_user.is_authenticated:
        end_session(current_user.session_token)
        commit()
    logout_user()
    # Nothing of the login stays in this browser: not the bookings opened while logged in,
    # not a page kept in its cache (a shared laptop or phone).
    session.clear()
    flash(_("You are logged out."), "success")
    response = redirect(url_for("camps.event_list"))
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


def _partner_choices():
    table = partners()
    rows = db.session.execute(sa.select(table.c.id, table.c.name).order_by(table.c.name))
    return choices([(0, "—")] + [(row.id, row.name) for row in rows])


@bp.route("/staff/accounts")
@staff_required(Role.ADMIN)
def staff_list():
    """List staff accounts."""
    users = db.session.scalars(
        sa.select(StaffUser).options(sa.orm.joinedload(StaffUser.partner)).order_by(StaffUser.email)
    )
    return render_template("staff/accounts.html", users=users)


@bp.route("/staff/accounts/new", methods=["GET", "POST"])
@bp.route("/staff/accounts/<int:user_id>", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def staff_edit(user_id: int | None = None):
    """Create or change a staff account."""
    user = db.get_or_404(StaffUser, user_id) if user_id else None
    form = StaffForm(obj=user)
    form.partner_id.choices = _partner_choices()
    if user:
        del form.email
    if form.validate_on_submit():
        saved = run_form_service(
            form,
            lambda: save_staff(
                user,
                email=form.email.data if user is None else "",
                role=Role(form.role.data),
                partner_id=form.partner_id.data or None,
                is_enabled=form.is_enabled.data,
                password=form.password.data or "",
                by=current_user,
                now=utcnow(),
            ),
            success=_("The account is saved."),
            redirect_to=url_for("auth.staff_list"),
        )
        if saved:
            return saved
    return render_template("staff/account_form.html", form=form, user=user)


@bp.route("/staff/audit")
@staff_required(Role.ADMIN)
def audit_log():
    """The audit log, newest first, filtered by action and staff member."""
    query = sa.select(audit.AuditEntry).order_by(
        audit.AuditEntry.at.desc(), audit.AuditEntry.id.desc()
    )
    actions = db.session.scalars(
        sa.select(audit.AuditEntry.action).distinct().order_by(audit.AuditEntry.action)
    ).all()
    # Only an action the log holds: anything else typed into the address filters nothing.
    action = request.args.get("action", "")
    action = action if action in actions else ""
    if action:
        query = query.filter_by(action=action)
    staff_id = int_arg(request.args.get("staff"))
    if staff_id:
        query = query.filter_by(staff_id=staff_id)
    page = db.paginate(
        query, page=int_arg(request.args.get("page"), 1, high=100_000), per_page=50, error_out=False
    )
    return render_template(
        "staff/audit.html",
        page=page,
        actions=actions,
        action=action,
        staff_id=staff_id,
        action_title=audit_action_title,
    )
