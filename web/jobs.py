"""Jobs at the request (core.jobs): to the broker, or run once the response has gone out.

Without a broker, a request's jobs wait until the server has sent the response and closes it
(werkzeug's `call_on_close`), then run in this process: the person does not wait for them.
"""

import functools

from flask import Flask, current_app, g, has_request_context

from core import jobs


def init_app(app: Flask, *, schedule: dict) -> None:
    """Give the app its Celery app (`app.extensions["celery"]`), configured from its config."""
    app.extensions["celery"] = jobs.make_celery(
        app,
        broker=app.config["CELERY_BROKER_URL"],
        queue=app.config["CELERY_QUEUE"],
        visibility_timeout=app.config["CELERY_VISIBILITY_TIMEOUT"],
        schedule=schedule,
    )
    app.after_request(_after_response)
    jobs.set_dispatcher(dispatch)


def uses_broker(app: Flask) -> bool:
    return bool(app.config["CELERY_BROKER_URL"])


def dispatch(name: str, args: tuple) -> None:
    """To the broker; else to the end of this request; else run it here and now."""
    app = current_app._get_current_object()
    celery = app.extensions["celery"]
    if uses_broker(app):
        celery.tasks[name].apply_async(args)
    elif has_request_context():
        g.setdefault("web_jobs", []).append((name, args))
    else:
        jobs.run_here(celery, name, args)


def _after_response(response):
    pending = g.pop("web_jobs", None)
    if pending:
        celery = current_app.extensions["celery"]
        response.call_on_close(functools.partial(jobs.run_all, celery, pending))
    return response
