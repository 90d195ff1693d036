"""Staff accounts: roles, login sessions the server can end, and API tokens."""

import enum
import functools
import hashlib
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import click
import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin, current_user, login_user, logout_user
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import BooleanField, EmailField, PasswordField, SelectField
from wtforms.validators import DataRequired, Email, Length, Optional

import audit
from camps.models import Partner
from core.db import commit
from core.locking import lock_name
from core.text import clean_email
from errors import ValidationError
from extensions import UTCDateTime, db, limiter, login, str_enum, utcnow
from webforms import Form, choices, int_arg

bp = Blueprint("auth", __name__)

API_TOKEN_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 10


class Role(enum.StrEnum):
    ADMIN = "admin"
    ORGANISER = "organiser"
    FACILITY = "facility"
    SCANNER = "scanner"

    @property
    def title(self) -> str:
        return str(ROLE_TITLES[self])


ROLE_TITLES = {
    Role.ADMIN: _l("Administrator"),
    Role.ORGANISER: _l("Organiser"),
    Role.FACILITY: _l("Facility coordinator"),
    Role.SCANNER: _l("Gate scanner"),
}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class StaffUser(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so logins ignore case.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role, "staff_role"))
    #: The organisation an organiser works for; events of other partners are not theirs.
    partner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("partner.id"))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    #: SHA-256 of the secret in this person's private calendar feed link; None: no feed.
    calendar_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    partner: Mapped[Partner | None] = relationship()

    #: Set by the user loader: the login session this request belongs to.
    session_token = None

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    def get_id(self) -> str | None:
        # Flask-Login keeps this in the cookie: a server-side session, not the user id,
        # so logging out (deleting the row) makes every copy of the cookie worthless.
        return self.session_token

    def has_role(self, *roles: Role) -> bool:
        return self.role == Role.ADMIN or self.role in roles

    def can_manage_partner(self, partner_id: int) -> bool:
        return self.role == Role.ADMIN or (
            self.role == Role.ORGANISER and self.partner_id == partner_id
        )

    def __repr__(self) -> str:
        return f"<StaffUser {self.id} {self.role}>"


class StaffSession(db.Model):
    """One login on one browser; deleting it logs that browser out."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Refreshed at most once a minute; a session idle for too long ends.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[StaffUser] = relationship()


class ApiToken(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="CASCADE"))
    #: The login a scanner page got it from: logging out of that browser revokes it.
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_session.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[StaffUser] = relationship()


# A real hash to check against when the e-mail is unknown, so both answers take as long.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


def authenticate(email: str, password: str) -> StaffUser | None:
    """The enabled account with these credentials, or None: the same for every failure."""
    user = db.session.scalar(sa.select(StaffUser).filter_by(email=email.strip().lower()))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_enabled:
        return None
    return user


def start_session(user: StaffUser) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(StaffSession(token_hash=hash_token(token), user=user))
    user.session_token = token
    return token


def _session_id(token: str | None) -> int | None:
    if not token:
        return None
    return db.session.scalar(sa.select(StaffSession.id).filter_by(token_hash=hash_token(token)))


def end_session(token: str | None) -> None:
    """End a login and revoke the tokens its pages were given (the scanner's, for one)."""
    session_id = _session_id(token)
    if session_id is not None:
        end_session_row(db.session.get(StaffSession, session_id))


def issue_api_token(
    user: StaffUser, *, now: datetime, login_token: str | None = None
) -> tuple[str, ApiToken]:
    """A bearer token; one given to a logged-in page lives no longer than that login."""
    token = secrets.token_urlsafe(32)
    row = ApiToken(
        token_hash=hash_token(token),
        user=user,
        session_id=_session_id(login_token),
        created_at=now,
        expires_at=now + API_TOKEN_LIFETIME,
    )
    db.session.add(row)
    return token, row


def user_for_api_token(token: str, *, now: datetime) -> StaffUser | None:
    row = db.session.scalar(
        sa.select(ApiToken)
        .filter_by(token_hash=hash_token(token))
        .options(sa.orm.joinedload(ApiToken.user))
    )
    if row is None or row.expires_at <= now or not row.user.is_enabled:
        return None
    if row.session_id is not None:
        # A scanner page's token lives as long as its login: not after it ended or lapsed.
        # Scanning counts as using the login, so a busy gate is never logged out mid-camp.
        login_row = db.session.get(StaffSession, row.session_id)
        if login_row is None or not _keep_alive(login_row, now):
            return None
    return row.user


def _keep_alive(session_row: StaffSession, now: datetime) -> bool:
    """Whether a login may go on; refresh its last use, or end it when it is too old or idle.

    Committed here, at the door, because most requests only read and would never commit it.
    """
    config = current_app.config
    too_old = now - session_row.created_at > timedelta(hours=config["SESSION_MAX_HOURS"])
    idle = now - session_row.last_seen_at > timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    if too_old or idle:
        end_session_row(session_row)
        commit()
        return False
    if now - session_row.last_seen_at > timedelta(minutes=1):
        session_row.last_seen_at = now
        commit()
    return True


def end_session_row(session_row: StaffSession) -> None:
    db.session.execute(sa.delete(ApiToken).filter_by(session_id=session_row.id))
    db.session.delete(session_row)


@login.user_loader
def load_user(token: str) -> StaffUser | None:
    session_row = db.session.scalar(
        sa.select(StaffSession)
        .filter_by(token_hash=hash_token(token))
        .options(sa.orm.joinedload(StaffSession.user))
    )
    if session_row is None or not _keep_alive(session_row, utcnow()):
        return None
    session_row.user.session_token = token
    return session_row.user


def staff_required(*roles: Role):
    """Let in logged-in staff holding one of the roles (admins always)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login.unauthorized()
            if roles and not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def rotate_calendar_token(user: StaffUser) -> str:
    """A new secret for the staff member's calendar feed; the old link stops working."""
    token = secrets.token_urlsafe(32)
    user.calendar_token_hash = hash_token(token)
    return token


def user_for_calendar_token(token: str) -> StaffUser | None:
    if not token or len(token) > 100:
        return None
    user = db.session.scalar(sa.select(StaffUser).filter_by(calendar_token_hash=hash_token(token)))
    return user if user is not None and user.is_enabled else None


def create_staff(
    email: str, *, role: Role, password: str, partner: Partner | None = None
) -> StaffUser:
    """Create a staff account; organisers must work for a partner."""
    errors: dict[str, str] = {}
    email = (clean_email(email, "email", errors) or "").lower()
    if not email:
        errors.setdefault("email", _("Give a valid e-mail address."))
    else:
        # Two admins creating the same address at once: the second one is told it exists.
        lock_name(f"staff {email}")
        if db.session.scalar(sa.select(StaffUser.id).filter_by(email=email)) is not None:
            errors["email"] = _("An account with this e-mail address already exists.")
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = _(
            "The password must be at least %(count)d characters long.", count=MIN_PASSWORD_LENGTH
        )
    if role == Role.ORGANISER and partner is None:
        errors["partner"] = _("An organiser must work for a partner organisation.")
    if errors:
        raise ValidationError(errors)
    user = StaffUser(
        email=email, password_hash=generate_password_hash(password), role=role, partner=partner
    )
    db.session.add(user)
    db.session.flush()
    return user


def update_staff(
    user: StaffUser, *, role: Role, partner: Partner | None, is_enabled: bool, password: str = ""
) -> None:
    """Change an account's role, partner or state; disabling it ends its sessions and tokens."""
    if role == Role.ORGANISER and partner is None:
        raise ValidationError({"partner": _("An organiser must work for a partner organisation.")})
    if password:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValidationError(
                {
                    "password": _(
                        "The password must be at least %(count)d characters long.",
                        count=MIN_PASSWORD_LENGTH,
                    )
                }
            )
        user.password_hash = generate_password_hash(password)
    user.role, user.partner, user.is_enabled = role, partner, is_enabled
    if not is_enabled or password:
        db.session.execute(sa.delete(StaffSession).filter_by(user_id=user.id))
        db.session.execute(sa.delete(ApiToken).filter_by(user_id=user.id))


# --- pages -----------------------------------------------------------------------------------


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


def _role_choices():
    return choices((role.value, role.title) for role in Role)


class StaffForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role"), choices=_role_choices)
    partner_id = SelectField(_l("Partner organisation"), coerce=int, validate_choice=False)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=200)])
    is_enabled = BooleanField(_l("Account enabled"), default=True)


def _landing(user: StaffUser) -> str:
    """Where each role starts its work."""
    return {
        Role.SCANNER: "scan.scanner",
        Role.FACILITY: "facility.index",
    }.get(user.role, "camps_staff.events")


def is_safe_next(target: str | None) -> bool:
    """Whether a `next` address stays on this site, however a browser would read it.

    Browsers drop tabs and line breaks from addresses and read a backslash as a slash, so a
    path holding any of those may lead to another host: only a plain local path is safe.
    """
    if not target or len(target) > 2000 or not target.startswith("/"):
        return False
    if "\\" in target or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not target.startswith("//")


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
    partners = db.session.scalars(sa.select(Partner).order_by(Partner.name))
    return choices([(0, "—")] + [(p.id, p.name) for p in partners])


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
        partner = db.session.get(Partner, form.partner_id.data) if form.partner_id.data else None
        try:
            if user is None:
                create_staff(
                    form.email.data,
                    role=Role(form.role.data),
                    password=form.password.data or "",
                    partner=partner,
                )
            else:
                if user.role != form.role.data:
                    audit.record(
                        "role_changed",
                        staff_id=current_user.id,
                        subject=f"staff:{user.id}",
                        now=utcnow(),
                    )
                update_staff(
                    user,
                    role=Role(form.role.data),
                    partner=partner,
                    is_enabled=form.is_enabled.data,
                    password=form.password.data or "",
                )
        except ValidationError as error:
            for name, message in error.fields.items():
                form[name if name != "partner" else "partner_id"].errors.append(message)
        else:
            commit()
            flash(_("The account is saved."), "success")
            return redirect(url_for("auth.staff_list"))
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
        "staff/audit.html", page=page, actions=actions, action=action, staff_id=staff_id
    )


# --- command line ----------------------------------------------------------------------------

staff_cli = click.Group("staff", help="Manage staff accounts.")


@staff_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--partner", "partner_name", help="The organisation an organiser works for.")
def staff_create_command(email: str, role: str, password: str, partner_name: str | None):
    """Create a staff account."""
    partner = None
    if partner_name:
        partner = db.session.scalar(sa.select(Partner).filter_by(name=partner_name))
        if partner is None:
            raise click.BadParameter(f"no partner named {partner_name!r}", param_hint="--partner")
    try:
        user = create_staff(email, role=Role(role), password=password, partner=partner)
    except ValidationError as error:
        raise click.ClickException("; ".join(error.fields.values())) from None
    commit()
    click.echo(f"Created {user.role.value} account {user.email}.")
