"""Error pages, and the API's JSON errors, for every blueprint."""

import sqlalchemy as sa
from flask import Flask, render_template
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from core.db import rollback
from core.errors import DomainError
from web import jsonapi


def init_app(app: Flask) -> None:
    """Answer errors as a page, or as the API's JSON error under /api/."""

    def http_error(error: HTTPException):
        if jsonapi.is_api_request():
            return jsonapi.http_error_response(error)
        return render_template("errors/error.html", error=error), error.code

    def domain_error(error: DomainError):
        if jsonapi.is_api_request():
            return jsonapi.domain_error_response(error)
        return render_template("errors/error.html", error=error), error.status

    def database_busy(error: sa.exc.OperationalError):
        # Lock timeouts and serialization failures: nothing was written, the client may retry.
        rollback()
        if not _is_busy(error):
            raise error
        app.logger.warning("database busy: %s", error.orig)
        if jsonapi.is_api_request():
            response = jsonapi.error_response(503, "busy", _("The database is busy: try again."))
        else:
            response = app.make_response(
                (render_template("errors/error.html", error=ServiceUnavailable()), 503)
            )
        response.headers["Retry-After"] = "2"
        return response

    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(jsonapi.ApiError, jsonapi.api_error_response)
    app.register_error_handler(DomainError, domain_error)
    app.register_error_handler(sa.exc.OperationalError, database_busy)


def _is_busy(error: sa.exc.OperationalError) -> bool:
    text = str(error.orig).lower()
    return any(
        marker in text
        for marker in ("database is locked", "could not serialize", "deadlock", "lock timeout")
    )
