"""The privacy notice's pages: the notice in every version, and its editor for admins."""

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.db import commit, rollback, utcnow
from core.errors import ValidationError
from core.languages import LANGUAGES
from extensions import db
from registration.forms import PrivacyForm
from registration.privacy import PrivacyNotice, current_notice, notice_version, publish
from staff.decorators import staff_required
from staff.models import Role
from web.locale import current_locale

bp = Blueprint("privacy", __name__)


@bp.route("/privacy")
def notice_page():
    return _notice_page(current_notice())


@bp.route("/privacy/<int:version>")
def version_page(version: int):
    notice = notice_version(version)
    if notice is None:
        abort(404)
    return _notice_page(notice)


def _notice_page(notice: PrivacyNotice):
    versions = db.session.scalars(
        sa.select(PrivacyNotice).order_by(PrivacyNotice.version.desc())
    ).all()
    return render_template(
        "privacy/notice.html",
        notice=notice,
        sections=notice.sections(current_locale()),
        current=current_notice().version,
        versions=versions,
    )


@bp.route("/staff/privacy", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def edit_page():
    """Change the privacy notice: a change publishes a new version, the old ones stay."""
    notice = current_notice()
    form = PrivacyForm(data=notice.texts)
    if form.validate_on_submit():
        try:
            published = publish(
                {code: form[code].data for code in LANGUAGES},
                staff_id=current_user.id,
                now=utcnow(),
            )
        except ValidationError as error:
            form.add_errors(error)
        else:
            if published is None:
                rollback()
                flash(_("Nothing changed: version %(version)d stays.", version=notice.version))
            else:
                commit()
                flash(_("Version %(version)d is published.", version=published.version), "success")
            return redirect(url_for("privacy.edit_page"))
    return render_template("privacy/edit.html", form=form, notice=notice)
