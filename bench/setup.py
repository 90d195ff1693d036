"""What every benchmark starts from: an app on an empty schema, and a published camp."""

import contextlib
from datetime import timedelta

from core.db import commit


@contextlib.contextmanager
def empty_database(url: str):
    """An app context on `url` with every table dropped and created again."""
    from app import create_app
    from extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        yield
        commit()
        db.engine.dispose()


def published_camp(*, capacity: int, partner: str, country: str, timezone: str, days_ahead: int):
    """A published five-day survival camp at a venue of its own."""
    from camps.models import EventKind, EventStatus
    from camps.services import EventData, create_event, save_partner, save_venue
    from core.db import utcnow

    now = utcnow()
    return create_event(
        EventData(
            kind=EventKind.SURVIVAL_CAMP,
            partner=save_partner(None, name=partner, country=country),
            venue=save_venue(
                None, name=f"{partner} camp", address="", country=country, timezone=timezone
            ),
            texts={"en": {"title": "Survival camp"}},
            starts_at=now + timedelta(days=days_ahead),
            ends_at=now + timedelta(days=days_ahead + 5),
            capacity=capacity,
        ),
        status=EventStatus.PUBLISHED,
        now=now,
    )
