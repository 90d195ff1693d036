"""The waiting list: freed places, offers, the queue order, staff promotions."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from camps.models import EventStatus, WaitlistMode
from camps.services import change_status, update_event
from core.db import commit
from core.errors import DomainError
from extensions import db
from registration.models import (
    ParticipantStatus,
    Ticket,
    waitlist_positions,
)
from registration.waitlist import (
    accept_offer,
    cancel_participants,
    expire_all_offers,
    promote_by_hand,
)
from tests.conftest import NOW, assert_counters_match, statuses

KID = date(2014, 5, 1)


def test_cancellation_promotes_the_next_family_in_the_same_transaction(
    make_event, make_registration
):
    event = make_event(capacity=3)
    first, _t = make_registration(event, KID, KID, KID)
    second, _t = make_registration(event, KID, KID)
    third, _t = make_registration(event, KID)
    cancel_participants(first.id, [first.participants[0].id, first.participants[1].id], now=NOW)
    # Two places free: the second family (two) fits and goes first; the third still waits.
    assert statuses(second) == ["confirmed", "confirmed"]
    assert statuses(third) == ["waitlisted"]
    db.session.rollback()  # nothing committed: nothing happened
    assert statuses(second) == ["waitlisted", "waitlisted"]


def test_head_family_that_does_not_fit_blocks_the_queue(make_event, make_registration):
    event = make_event(capacity=3)
    first, _t = make_registration(event, KID, KID, KID)
    big, _t = make_registration(event, KID, KID, KID)
    small, _t = make_registration(event, KID)
    cancel_participants(first.id, [first.participants[0].id], now=NOW)
    commit()
    assert statuses(big) == ["waitlisted"] * 3
    assert statuses(small) == ["waitlisted"]  # never promoted past the family ahead
    assert waitlist_positions(event.id) == {big.id: 1, small.id: 2}
    cancel_participants(first.id, None, now=NOW)
    commit()
    assert statuses(big) == ["confirmed"] * 3
    assert waitlist_positions(event.id) == {small.id: 1}
    assert_counters_match(event)


def test_any_mode_family_at_the_head_takes_what_is_freed(make_event, make_registration):
    event = make_event(capacity=2)
    first, _t = make_registration(event, KID, KID)
    flexible, _t = make_registration(event, KID, KID, KID, mode="any")
    cancel_participants(first.id, [first.participants[0].id], now=NOW)
    assert statuses(flexible) == ["confirmed", "waitlisted", "waitlisted"]
    assert_counters_match(event)


def test_capacity_increase_promotes_from_the_waiting_list(make_event, make_registration):
    event = make_event(capacity=2)
    make_registration(event, KID, KID)
    waiting, _t = make_registration(event, KID, KID)
    update_event(event.id, {"capacity": 4}, now=NOW)
    assert statuses(waiting) == ["confirmed", "confirmed"]
    assert_counters_match(event)


def test_offer_mode_offers_freed_places_until_a_deadline(make_event, make_registration):
    event = make_event(capacity=1, waitlist_mode=WaitlistMode.OFFER, offer_hours=24)
    first, _t = make_registration(event, KID)
    waiting, _t = make_registration(event, KID)
    cancel_participants(first.id, None, now=NOW)
    commit()
    offered = waiting.participants[0]
    assert offered.status == ParticipantStatus.OFFERED
    assert offered.offer_expires_at == NOW + timedelta(hours=24)
    accept_offer(waiting.id, now=NOW + timedelta(hours=23))
    assert statuses(waiting) == ["confirmed"]
    assert_counters_match(event)


def test_expired_offer_passes_to_the_next_family_when_the_event_is_touched(
    make_event, make_registration
):
    event = make_event(capacity=1, waitlist_mode=WaitlistMode.OFFER, offer_hours=24)
    first, _t = make_registration(event, KID)
    slow, _t = make_registration(event, KID)
    next_family, _t = make_registration(event, KID)
    cancel_participants(first.id, None, now=NOW)
    commit()
    later = NOW + timedelta(hours=25)
    # Any registration touching the event lets the lapsed offer go first.
    newcomer, _t = make_registration(event, date(2013, 1, 1), now=later, guardian="Jonas Petraitis")
    assert statuses(slow) == ["cancelled"]
    assert slow.participants[0].cancel_reason == "offer_expired"
    assert statuses(next_family) == ["offered"]
    assert statuses(newcomer) == ["waitlisted"]
    with pytest.raises(DomainError) as info:
        accept_offer(slow.id, now=later)
    assert info.value.code == "offer_expired"
    assert_counters_match(event)


def test_expired_offers_pass_on_through_the_cron_command(make_event, make_registration, runner):
    event = make_event(capacity=1, waitlist_mode=WaitlistMode.OFFER, offer_hours=1)
    first, _t = make_registration(event, KID)
    slow, _t = make_registration(event, KID)
    after, _t = make_registration(event, KID)
    cancel_participants(first.id, None, now=NOW)
    commit()
    assert expire_all_offers(now=NOW + timedelta(minutes=30)) == 0
    later = (NOW + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S")
    result = runner.invoke(args=["registrations", "expire-offers", "--now", later])
    assert result.exit_code == 0 and "1 lapsed" in result.output
    assert statuses(slow) == ["cancelled"] and statuses(after) == ["offered"]
    assert_counters_match(event)


def test_staff_can_promote_out_of_turn_when_a_place_is_free(make_event, make_registration):
    event = make_event(capacity=3)
    first, _t = make_registration(event, KID, KID, KID)
    big, _t = make_registration(event, KID, KID, KID)
    small, _t = make_registration(event, KID)
    cancel_participants(first.id, [first.participants[0].id], now=NOW)
    promote_by_hand(small.participants[0].id, now=NOW)
    assert statuses(small) == ["confirmed"]
    with pytest.raises(DomainError) as info:
        promote_by_hand(big.participants[0].id, now=NOW)
    assert info.value.code == "event_full"
    assert_counters_match(event)


def _cancelled_camp_with_an_offer(make_event, make_registration):
    event = make_event(capacity=2, waitlist_mode=WaitlistMode.OFFER, offer_hours=24)
    first, _t = make_registration(event, KID)
    second, _t = make_registration(event, KID)
    offered, _t = make_registration(event, KID)
    waiting, _t = make_registration(event, KID)
    cancel_participants(first.id, None, now=NOW)
    commit()
    assert statuses(offered) == ["offered"]
    change_status(event.id, EventStatus.CANCELLED, now=NOW)
    commit()
    return event, second, offered, waiting


def test_after_an_event_is_cancelled_a_cancellation_promotes_nobody(make_event, make_registration):
    event, second, _offered, waiting = _cancelled_camp_with_an_offer(make_event, make_registration)
    cancel_participants(second.id, None, now=NOW)
    commit()
    assert statuses(waiting) == ["waitlisted"]
    assert not db.session.scalars(
        sa.select(Ticket).where(Ticket.participant_id == waiting.participants[0].id)
    ).all()
    assert_counters_match(event)


def test_after_an_event_is_cancelled_an_offer_cannot_be_accepted(make_event, make_registration):
    _event, _second, offered, _waiting = _cancelled_camp_with_an_offer(
        make_event, make_registration
    )
    with pytest.raises(DomainError) as info:
        accept_offer(offered.id, now=NOW + timedelta(hours=1))
    assert info.value.code == "event_cancelled"
    assert statuses(offered) == ["offered"]


def test_after_an_event_is_cancelled_the_expiry_job_passes_nothing_on(
    make_event, make_registration
):
    event, _second, offered, waiting = _cancelled_camp_with_an_offer(make_event, make_registration)
    assert expire_all_offers(now=NOW + timedelta(days=3)) == 0
    commit()
    assert statuses(offered) == ["offered"] and statuses(waiting) == ["waitlisted"]
    with pytest.raises(DomainError) as info:
        promote_by_hand(waiting.participants[0].id, now=NOW)
    assert info.value.code == "event_cancelled"
    assert_counters_match(event)
