"""Background work: Celery with Redis in production, after the response in the embedded default.

A job is a Celery task that carries ids, never objects. It leaves only once the transaction
that owes it has committed (`enqueue` waits for `core.db.commit`), so a worker never looks for
rows that are not there yet and a change rolled back sends nothing. The database stays the
source of truth: a job lost on the way (a worker killed, Redis emptied) is found again by the
scheduled sweep (beat, or cron's `flask` commands), so every job is safe to run twice.

- With `CELERY_BROKER_URL`, the task goes to the broker; `celery --app app:celery_app worker`
  runs it and `celery --app app:celery_app beat` runs the schedule.
- Without it, the same task runs in the web process once the response has gone out
  (web.jobs): the person does not wait, and nothing more needs installing. Outside a request
  (a CLI command, a task, a test) it runs right after the commit, here.

As in Celery's Flask pattern, each Flask app has its own Celery app, and a task runs inside an
app context of its own, so it has its own database session and commits through core.db.
"""

import collections
import functools
import logging
import threading

from celery import Celery, Task

from core.db import after_commit

log = logging.getLogger(__name__)

_local = threading.local()
#: Where a job goes once its transaction has committed: set by web.jobs for the app.
_dispatchers: list = []


class AppTask(Task):
    """A task that runs inside an app context of its Flask app."""

    def __call__(self, *args, **kwargs):
        with self.app.flask_app.app_context():
            return self.run(*args, **kwargs)


def make_celery(flask_app, *, broker: str, queue: str, visibility_timeout: int, schedule: dict):
    """A Celery app for this Flask app; its tasks run in the Flask app's context."""
    celery = Celery(flask_app.import_name, task_cls=AppTask, set_as_current=False)
    celery.flask_app = flask_app
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
        broker_transport_options={"visibility_timeout": visibility_timeout},
        task_default_queue=queue,
        timezone="UTC",
        beat_schedule=schedule,
    )
    return celery


def set_dispatcher(dispatcher) -> None:
    """Where jobs go after their commit: `dispatcher(name, args)` (web.jobs installs one)."""
    _dispatchers[:] = [dispatcher]


def enqueue(task, *args) -> None:
    """Run the task with these ids once the current transaction has committed."""
    after_commit(functools.partial(dispatch, task.name, *args))


def dispatch(name: str, *args) -> None:
    """Send the task now (call it after a commit): to the broker, or to run in process."""
    _dispatchers[0](name, args)


def run_here(celery: Celery, name: str, args: tuple) -> None:
    """Run a job in this process now, or after the job this process is running."""
    # A task that owes another one (a lapsed offer owes a mail) runs it after itself, in turn.
    queue = getattr(_local, "queue", None)
    if queue is not None:
        queue.append((name, args))
        return
    run_all(celery, [(name, args)])


def run_all(celery: Celery, jobs: list) -> None:
    """Run jobs in this process, one after another; one failing does not stop the rest."""
    _local.queue = collections.deque(jobs)
    try:
        while _local.queue:
            name, args = _local.queue.popleft()
            result = celery.tasks[name].apply(args)
            if result.failed():
                log.error("job %s%r failed: %s", name, args, result.result)
    finally:
        _local.queue = None
