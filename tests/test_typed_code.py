"""Check-in by typing: the six digits under the rotating QR (her home's box and POST /api/checkin/code), the lock
after five wrong codes, and the eight digits printed under a card's QR that the instructor types."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from nicegui.testing import User
from pypdf import PdfReader

from models.attendance import SLOT_SECONDS, Attendance, Method, card_code, short_code, slot_of, spaced
from models.audit import AuditEntry
from models.participant import Participant
from store.accounts import find_account
from store.attendance import ensure_cards
from ui import auth
from ui.checkin import secret
from ui.runtime import runtime

from .conftest import (
    INSTRUCTOR,
    KUE_TRAINEE,
    SCANNER,
    at_local,
    attendance_of,
    her_participant_id,
    kue_day,
    log_in,
    open_as,
)

pytestmark = [pytest.mark.demo, pytest.mark.any_hour]


def code_now(day_id: str, slots_ago: int = 0) -> str:
    return short_code(secret(), day_id, slot_of(auth.now()) - slots_ago)


async def post_code(user: User, code: object) -> tuple[int, dict[str, str]]:
    response = await user.http_client.post('/api/checkin/code', json={'code': code})
    return response.status_code, response.json()


async def test_the_day_screen_and_the_code_api_show_the_slots_six_digits(user: User, clock: Callable) -> None:
    _, day = await kue_day()
    clock(at_local(day, 7, 50))
    await open_as(user, INSTRUCTOR, f'/days/{day.id}')
    code = code_now(day.id)
    await user.should_see(marker='short-code', content=spaced(code))
    shown = (await user.http_client.get(f'/api/days/{day.id}/code')).json()
    assert shown['short_code'] == code and len(code) == 6 and code.isdigit()


async def test_the_typed_code_on_her_home_checks_her_in_once(user: User, clock: Callable) -> None:
    _, day = await kue_day()
    clock(at_local(day, 7, 55))
    await open_as(user, KUE_TRAINEE, '/')
    await user.should_see('Belum absen hari ini')
    user.find(marker='typed-code').type(spaced(code_now(day.id)))  # as she reads it: "123 456"
    user.find(marker='send-code').click()
    await user.should_see('Hadir hari ini, pukul 07.55')

    participant_id = her_participant_id()
    saved = attendance_of(day, participant_id)
    assert saved is not None and saved.how == Method.TYPED_CODE
    status, again = await post_code(user, code_now(day.id))
    assert status == 200 and again['status'] == 'hadir' and 'Sudah hadir pukul 07.55' in again['message']
    assert len(runtime.store.by_index(Attendance, 'day', day.id)) == 1


async def test_the_code_one_slot_old_is_taken_and_two_slots_old_is_refused(user: User, clock: Callable) -> None:
    _, day = await kue_day()
    clock(at_local(day, 7, 50))
    await log_in(user, *KUE_TRAINEE)
    status, stale = await post_code(user, code_now(day.id, slots_ago=2))
    assert status == 422 and stale['status'] == 'wrong' and 'Kode salah atau sudah berganti' in stale['message']
    assert attendance_of(day, her_participant_id()) is None
    for bad in ('12345', 'abcdef', '١٢٣٤٥٦'):  # too short, letters, Arabic-Indic digits (4 wrong: no lock yet)
        status, answer = await post_code(user, bad)
        assert status == 422, bad
    status, taken = await post_code(user, code_now(day.id, slots_ago=1))
    assert status == 200 and taken['status'] == 'hadir'


async def test_five_wrong_codes_in_a_minute_lock_the_box_for_a_minute(user: User, clock: Callable) -> None:
    _, day = await kue_day()
    clock(at_local(day, 7, 50))
    await log_in(user, *KUE_TRAINEE)
    right = code_now(day.id)
    wrong = f'{(int(right) + 1) % 1_000_000:06d}'
    answers = [await post_code(user, wrong) for _ in range(5)]
    assert [status for status, _ in answers] == [422, 422, 422, 422, 429]

    status, locked = await post_code(user, code_now(day.id))  # even the right code waits out the minute
    assert status == 429 and 'Tunggu' in locked['message']
    trail = [e for e in runtime.store.all(AuditEntry) if e.action == 'checkin.code_locked']
    assert len(trail) == 1
    clock(at_local(day, 7, 51, 1))
    status, taken = await post_code(user, code_now(day.id))
    assert status == 200 and taken['status'] in ('hadir', 'terlambat')


async def test_staff_cannot_check_in_by_code_and_a_day_off_has_no_code(user: User, clock: Callable) -> None:
    _, day = await kue_day()
    clock(at_local(day, 7, 50) - dt.timedelta(days=30))  # no day of hers on this date
    await log_in(user, *KUE_TRAINEE)
    status, _ = await post_code(user, code_now(day.id))
    assert status == 422
    await log_in(user, *INSTRUCTOR)
    assert (await user.http_client.post('/api/checkin/code', json={'code': '123456'})).status_code == 403


async def test_a_card_typed_by_its_eight_digits_checks_her_in(user: User, clock: Callable) -> None:
    programme, day = await kue_day()
    clock(at_local(day, 7, 50))
    person = programme.participant_ids[3]
    instructor = find_account(runtime.store, INSTRUCTOR[0])
    cards = await ensure_cards(runtime.store, programme.id, by=instructor.id)  # type: ignore[union-attr]
    await open_as(user, INSTRUCTOR, f'/days/{day.id}')
    user.find(marker='scan-card').click()
    user.find(marker='card-code').type(spaced(card_code(cards[person].id)))
    user.find(marker='card-check').click()
    name = runtime.store.get(Participant, person).name  # type: ignore[union-attr]
    await user.should_see(f'{name}: Hadir')
    saved = attendance_of(day, person)
    assert saved is not None and saved.how == Method.CARD_SCAN

    sheet = await user.http_client.get(f'/export/cards/{programme.id}.pdf')
    text = ''.join(page.extract_text() for page in PdfReader(io.BytesIO(sheet.content)).pages)
    assert spaced(card_code(cards[person].id)) in text  # printed under her QR


async def test_without_a_camera_the_scanner_says_so_and_leaves_the_typed_field(user: User) -> None:
    _, day = await kue_day()
    await open_as(user, INSTRUCTOR, f'/days/{day.id}')
    user.javascript_rules[SCANNER] = lambda _: 'camera_refused'
    user.find(marker='scan-card').click()
    await user.should_see('Kamera tidak diizinkan')
    await user.should_see(marker='card-code')


def test_codes_are_six_and_eight_digits_and_change_with_the_slot() -> None:
    first, second = short_code('s', 'day', 100), short_code('s', 'day', 101)
    assert len(first) == 6 and first.isdigit() and first != second
    assert short_code('s', 'other-day', 100) != first and short_code('t', 'day', 100) != first
    assert len(card_code('token')) == 8 and card_code('token') != card_code('token2')
    assert SLOT_SECONDS == 15
