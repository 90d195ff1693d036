"""Background jobs without a broker: they wait for the commit and run after the response."""

from celery import shared_task
from flask import has_request_context

from core import jobs
from core.db import commit, rollback

ran: list[tuple[int, bool]] = []
order: list[str] = []


@shared_task(name="tests.core.record")
def record(value: int) -> None:
    ran.append((value, has_request_context()))


@shared_task(name="tests.core.outer")
def outer() -> None:
    jobs.enqueue(record, 2)
    commit()
    assert ran == [], "the owed job waits until this one is done"
    order.append("outer done")


@shared_task(name="tests.core.broken")
def broken() -> None:
    raise RuntimeError("broken on purpose")


def setup_function():
    ran.clear()
    order.clear()


def test_a_job_waits_for_the_commit(app):
    jobs.enqueue(record, 1)
    assert ran == []
    commit()
    assert ran == [(1, False)]


def test_a_rolled_back_change_runs_no_job(app):
    jobs.enqueue(record, 1)
    rollback()
    commit()
    assert ran == []


def test_without_a_broker_a_requests_jobs_run_after_the_response_has_gone(app):
    @app.post("/test-job")
    def job_route():
        jobs.enqueue(record, 7)
        commit()
        assert ran == [], "not while the request is still being answered"
        return "done"

    response = app.test_client().post("/test-job", buffered=False)
    assert response.status_code == 200 and response.text == "done"
    assert ran == [], "the response is in the person's hands before the job runs"
    response.close()  # the server has sent it
    assert ran == [(7, False)], "after the response, outside the request"


def test_a_job_a_job_owes_runs_after_it(app):
    jobs.enqueue(outer)
    commit()
    assert order == ["outer done"] and ran == [(2, False)]


def test_a_failing_job_does_not_stop_the_next(app, caplog):
    jobs.enqueue(broken)
    jobs.enqueue(record, 3)
    commit()
    assert ran == [(3, False)]
    assert "broken on purpose" in caplog.text


def test_with_a_broker_the_job_goes_to_it_and_not_here(app, monkeypatch):
    sent = []
    celery = app.extensions["celery"]
    monkeypatch.setitem(app.config, "CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setattr(
        celery.tasks["tests.core.record"], "apply_async", lambda args: sent.append(args)
    )
    jobs.enqueue(record, 5)
    commit()
    assert sent == [(5,)] and ran == []
