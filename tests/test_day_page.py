"""The instructor's day screen: live counter, roster by hand, card scans, closing; who may open it."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from nicegui import events
from nicegui.testing import User

from models.attendance import Attendance, Method, Status
from models.audit import AuditEntry
from models.participant import Participant
from models.programme import Day, Programme
from store.accounts import find_account
from store.attendance import check_in, ensure_cards, reissue_card
from ui.runtime import runtime

from .conftest import (
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    OTHER_INSTRUCTOR,
    attendance_of,
    kue_day,
    log_in,
    only,
    open_as,
)

pytestmark = [pytest.mark.demo, pytest.mark.any_hour]  # the demo day is today: these read the clock


async def on_day_one(user: User, who: tuple[str, str] = INSTRUCTOR) -> tuple[Programme, Day]:
    """The kue course and its day 1 (today), open on the day screen of `who`."""
    programme, day = await kue_day()
    await open_as(user, who, f'/days/{day.id}')
    return programme, day


async def test_instructor_opens_today_from_home_and_sees_the_code_and_roster(user: User) -> None:
    programme, day = await kue_day()
    await open_as(user, INSTRUCTOR)
    user.find(marker='open-day-1').click()
    await user.should_see('0 / 15 hadir')
    await user.should_see(marker='qr')
    code = only(user, 'short-code').text  # the six digits she types when her camera cannot read the QR
    assert code.replace(' ', '').isdigit() and len(code.replace(' ', '')) == 6
    for person_id in programme.participant_ids:
        await user.should_see(marker=f'row-{person_id}')


async def test_the_counter_and_roster_follow_scans_as_they_arrive(user: User) -> None:
    programme, day = await on_day_one(user)
    await user.should_see('0 / 15 hadir')
    first = programme.participant_ids[0]
    arrived = dt.datetime.combine(day.date, dt.time(8, 1), tzinfo=programme.zone.tz)
    await check_in(runtime.store, day.id, first, arrived=arrived, how=Method.SELF_SCAN, by='x')
    await user.should_see('1 / 15 hadir')  # the page's timer picks it up, no reload
    assert only(user, f'status-{first}').text == 'Hadir'


async def test_instructor_marks_a_trainee_by_hand_with_a_reason(user: User) -> None:
    programme, day = await on_day_one(user)
    person = programme.participant_ids[2]
    user.find(marker=f'row-{person}').click()
    await user.should_see(marker='mark-status')
    only(user, 'mark-status').value = Status.SAKIT.value
    user.find(marker='save-mark').click()
    await user.should_see('Tulis alasannya')  # a mark on her behalf needs a reason
    assert attendance_of(day, person) is None
    user.find(marker='mark-reason').type('Demam, surat dari bidan desa')
    user.find(marker='save-mark').click()
    await user.should_see('ditandai Yanti Rahmawati')  # who really marked it, by name
    saved = attendance_of(day, person)
    instructor = find_account(runtime.store, INSTRUCTOR[0])
    assert saved is not None and saved.status == Status.SAKIT and saved.how == Method.MANUAL
    assert saved.by == instructor.id and saved.reason == 'Demam, surat dari bidan desa'  # type: ignore[union-attr]


@pytest.mark.clock('10:30')  # long after the late threshold (08.15): the time typed decides, not the tap's
async def test_a_hadir_by_hand_takes_the_arrival_time_entered_and_a_coordinators_mark_says_so(user: User) -> None:
    programme, day = await on_day_one(user, COORDINATOR)
    people = programme.participant_ids[3:5]
    user.find(marker=f'row-{people[0]}').click()
    await user.should_see(marker='mark-time')
    assert only(user, 'mark-time').value == '10:30'  # now, unless she is marked present already
    only(user, 'mark-time').value = '23:30'  # later than now: not what anyone saw
    user.find(marker='mark-reason').type('Tidak bawa HP')
    user.find(marker='save-mark').click()
    await user.should_see('tidak boleh lebih dari sekarang')
    assert attendance_of(day, people[0]) is None

    only(user, 'mark-time').value = '08:00'  # seen in the hall at eight
    user.find(marker='save-mark').click()
    await user.should_see('ditandai Ratna Dewi Lestari, S.Sos.')
    saved = attendance_of(day, people[0])
    assert saved is not None and saved.status == Status.HADIR
    assert saved.at.astimezone(programme.zone.tz).strftime('%H.%M') == '08.00'
    coordinator = find_account(runtime.store, COORDINATOR[0])
    assert coordinator is not None and saved.by == coordinator.id

    user.find(marker=f'row-{people[1]}').click()
    await user.should_see(marker='mark-time')
    only(user, 'mark-time').value = '08:40'
    user.find(marker='mark-reason').type('Tidak bawa HP')
    user.find(marker='save-mark').click()
    for _ in range(100):  # wait (not sleep) for the write
        if (late := attendance_of(day, people[1])) is not None:
            break
        await asyncio.sleep(0.05)
    assert late is not None and late.status == Status.TERLAMBAT  # after 08.15 by the time she came


@pytest.mark.clock('08:05')  # the demo's day 1 starts at 08.00 and is late after 08.15
async def test_one_tap_marks_her_hadir_when_the_instructor_sees_her_in_the_hall(user: User) -> None:
    programme, day = await on_day_one(user)
    person = programme.participant_ids[4]
    user.find(marker=f'seen-{person}').click()
    await user.should_see(marker=f'status-{person}', content='Hadir')
    await user.should_not_see(marker='mark-status')  # no dialog: one tap is the whole job
    await user.should_not_see(marker=f'seen-{person}')  # she is present now: no second button
    saved = attendance_of(day, person)
    instructor = find_account(runtime.store, INSTRUCTOR[0])
    assert saved is not None and saved.status in (Status.HADIR, Status.TERLAMBAT) and saved.how == Method.MANUAL
    assert saved.by == instructor.id and saved.reason == 'Dilihat hadir oleh petugas'  # type: ignore[union-attr]
    trail = [e for e in runtime.store.all(AuditEntry) if e.action == 'attendance.mark' and e.target == saved.id]
    assert len(trail) == 1 and trail[0].by == instructor.id  # type: ignore[union-attr]


async def test_a_card_scan_checks_her_in_once(user: User) -> None:
    programme, day = await kue_day()
    person = programme.participant_ids[4]
    instructor = find_account(runtime.store, INSTRUCTOR[0])
    cards = await ensure_cards(runtime.store, programme.id, by=instructor.id)  # type: ignore[union-attr]
    await open_as(user, INSTRUCTOR, f'/days/{day.id}')
    user.find(marker='scan-card').click()
    await user.should_see(marker='card-code')
    scanner_event = next(
        listener for listener in user.client.layout._event_listeners.values() if listener.type == 'berdaya_card'
    )
    scanned = f'http://test/k/{cards[person].id}'
    arguments = events.GenericEventArguments(sender=user.client.layout, client=user.client, args=scanned)
    events.handle_event(scanner_event.handler, arguments)  # what the page's scanner script emits on a read
    name = runtime.store.get(Participant, person).name  # type: ignore[union-attr]
    await user.should_see(f'{name}: ')
    saved = attendance_of(day, person)
    assert saved is not None and saved.how == Method.CARD_SCAN and saved.status in (Status.HADIR, Status.TERLAMBAT)
    user.find(marker='card-code').type(cards[person].id)
    user.find(marker='card-check').click()
    await user.should_see('Sudah hadir pukul')
    assert len(runtime.store.by_index(Attendance, 'day', day.id)) == 1


async def test_a_revoked_or_unknown_card_is_refused(user: User) -> None:
    programme, day = await kue_day()
    person = programme.participant_ids[5]
    instructor = find_account(runtime.store, INSTRUCTOR[0])
    old = (await ensure_cards(runtime.store, programme.id, by=instructor.id))[person]  # type: ignore[union-attr]
    await reissue_card(runtime.store, person, programme.id, by=instructor.id)  # type: ignore[union-attr]
    await open_as(user, INSTRUCTOR, f'/days/{day.id}')
    user.find(marker='scan-card').click()
    user.find(marker='card-code').type(old.id)
    user.find(marker='card-check').click()
    await user.should_see('Kartu ini sudah diganti')
    user.find(marker='card-code').clear().type('bukan-kartu')
    user.find(marker='card-check').click()
    await user.should_see('Kartu ini tidak dikenal.')
    assert attendance_of(day, person) is None


async def test_closing_the_day_marks_the_rest_alpa(user: User) -> None:
    programme, day = await on_day_one(user)
    user.find(marker='close-day').click()
    user.find(marker='confirm-close').click()
    await user.should_see('15 peserta tercatat Alpa')
    await user.should_see(marker='day-closed')
    assert all(attendance_of(day, p).status == Status.ALPA for p in programme.participant_ids)  # type: ignore[union-attr]
    assert runtime.store.get(Day, day.id).closed  # type: ignore[union-attr]


async def test_the_coordinator_sees_the_same_roster(user: User) -> None:
    programme, day = await kue_day()
    arrived = dt.datetime.combine(day.date, dt.time(8, 20), tzinfo=programme.zone.tz)
    await check_in(runtime.store, day.id, programme.participant_ids[1], arrived=arrived, how=Method.SELF_SCAN, by='x')
    await open_as(user, COORDINATOR, f'/days/{day.id}')
    await user.should_see('1 / 15 hadir')
    assert only(user, f'status-{programme.participant_ids[1]}').text == 'Terlambat'


@pytest.mark.parametrize(
    ('who', 'status'),
    [(None, 303), (KUE_TRAINEE, 403), (OTHER_INSTRUCTOR, 403), (INSTRUCTOR, 200), (COORDINATOR, 200)],
    ids=['anonymous', 'trainee', 'other-instructor', 'kue-instructor', 'coordinator'],
)
async def test_only_the_days_staff_open_it(user: User, who: tuple[str, str] | None, status: int) -> None:
    _, day = await kue_day()
    if who is not None:
        await log_in(user, *who)
    assert (await user.http_client.get(f'/days/{day.id}')).status_code == status


async def test_a_handler_refuses_once_the_instructor_is_taken_off_the_programme_and_writes_nothing(
    user: User,
) -> None:
    programme, day = await on_day_one(user)
    person = programme.participant_ids[7]
    instructor = find_account(runtime.store, INSTRUCTOR[0])
    card = (await ensure_cards(runtime.store, programme.id, by=instructor.id))[person]  # type: ignore[union-attr]
    user.find(marker='scan-card').click()
    await runtime.store.put(programme.model_copy(update={'instructor_ids': []}))
    user.find(marker='card-code').type(card.id)  # her real card: only the refusal stops the check-in
    user.find(marker='card-check').click()
    await user.should_see('Anda tidak berhak melakukan ini')
    assert attendance_of(day, person) is None


async def test_trainee_home_shows_her_attendance_days(user: User) -> None:
    programme, day = await kue_day()
    account = find_account(runtime.store, KUE_TRAINEE[0])
    arrived = dt.datetime.combine(day.date, dt.time(8, 5), tzinfo=programme.zone.tz)
    await check_in(runtime.store, day.id, account.participant_id, arrived=arrived, how=Method.SELF_SCAN, by='x')  # type: ignore[union-attr, arg-type]
    await open_as(user, KUE_TRAINEE)
    await user.should_see('Kehadiran saya: 1 dari 5 hari')
    await user.should_see('Hadir · 08.05 WIB')


async def test_instructor_replaces_a_lost_card_from_the_roster(user: User) -> None:
    programme, day = await kue_day()
    person = programme.participant_ids[6]
    instructor = find_account(runtime.store, INSTRUCTOR[0])
    old = (await ensure_cards(runtime.store, programme.id, by=instructor.id))[person]  # type: ignore[union-attr]
    await open_as(user, INSTRUCTOR, f'/days/{day.id}')
    await user.should_see(marker='doc-day_pdf')
    user.find(marker=f'row-{person}').click()
    user.find(marker='reissue-card').click()
    await user.should_see('tidak berlaku lagi')
    from models.attendance import Card
    from store.attendance import live_card

    assert runtime.store.get(Card, old.id).revoked  # type: ignore[union-attr]
    new = live_card(runtime.store, person, programme.id)
    assert new is not None and new.id != old.id
