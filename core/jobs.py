"""Background work: Celery with Redis in production, after the response in the embedded default.

A job is a Celery task that carries ids, never objects. It leaves only once the transaction
that owes it has committed (`enqueue` waits for `core.db.commit`), so a worker never looks for
rows that are not there yet and a change rolled back sends nothing. The database stays the
source of truth: a job lost on the way (a worker killed, Redis emptied) is found again by the
scheduled sweep (beat, or cron's `flask` commands), so every job is safe to run twice.

- With `CELERY_BROKER_URL`, the task goes to the broker; `celery --app app:celery_app worker`
  runs it and `celery --app app:celery_app beat` runs the schedule.
- Without it, the same task runs in the web process once the response has gone out (werkzeug's
  `call_on_close`): the person does not wait, and nothing more needs installing. Outside a
  request (a CLI command, a task, a test) it runs right after the commit.

As in Celery's Flask pattern, each Flask app has its own Celery app, and a task runs inside an
app context of its own, so it has its own database session and commits through core.db.
"""

import collections
import functools
import logging
import threading

from celery import Celery, Task
from flask import Flask, current_app, g, has_request_context

from core.db import after_commit

log = logging.getLogger(__name__)

_local = threading.local()


class AppTask(Task):
    """A task that runs inside an app context of its Flask app."""

    def __call__(self, *args, **kwargs):
        with self.app.flask_app.app_context():
            return self.run(*args, **kwargs)


def init_app(app: Flask, *, schedule: dict | None = None) -> Celery:
    """Give the app its Celery app (`app.extensions["celery"]`), configured from its config."""
    broker = app.config.get("CELERY_BROKER_URL") or ""
    celery = Celery(app.import_name, task_cls=AppTask, set_as_current=False)
    celery.flask_app = app
    celery.conf.update(
        # Nothing is ever sent to "memory://": without a broker the tasks run in process.
        broker_url=broker or "memory://",
        broker_connection_retry_on_startup=True,
        task_ignore_result=True,
        # A task leaves the queue only once it has run, and one a killed worker was running
        # goes back: it runs again, and the outbox's marks make a second run send nothing twice.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        broker_transport_options={"visibility_timeout": app.config["CELERY_VISIBILITY_TIMEOUT"]},
        task_default_queue=app.config["CELERY_QUEUE"],
        timezone="UTC",
        beat_schedule=schedule or {},
    )
    app.extensions["celery"] = celery
    app.after_request(_after_response)
    return celery


def uses_broker(app: Flask | None = None) -> bool:
    app = app or current_app
    return bool(app.config.get("CELERY_BROKER_URL"))


def enqueue(task, *args) -> None:
    """Run the task with these ids once the current transaction has committed."""
    after_commit(functools.partial(dispatch, task.name, *args))


def dispatch(name: str, *args) -> None:
    """Send the task now: to the broker, to the end of this request, or run it here."""
    app = current_app._get_current_object()
    celery = app.extensions["celery"]
    if uses_broker(app):
        celery.tasks[name].apply_async(args)
    elif has_request_context():
        g.setdefault("core_jobs", []).append((name, args))
    else:
        _run_here(app, name, args)


def _after_response(response):
    jobs = g.pop("core_jobs", None)
    if jobs:
        app = current_app._get_current_object()
        response.call_on_close(functools.partial(_run_all, app, jobs))
    return response


def _run_here(app: Flask, name: str, args: tuple) -> None:
    # A task that owes another one (a lapsed offer owes a mail) runs it after itself, in turn.
    queue = getattr(_local, "queue", None)
    if queue is not None:
        queue.append((name, args))
        return
    _run_all(app, [(name, args)])


def _run_all(app: Flask, jobs: list) -> None:
    """Run jobs in this process, one after another; one failing does not stop the rest."""
    _local.queue = collections.deque(jobs)
    try:
        while _local.queue:
            name, args = _local.queue.popleft()
            result = app.extensions["celery"].tasks[name].apply(args)
            if result.failed():
                log.error("job %s%r failed: %s", name, args, result.result)
    finally:
        _local.queue = None
