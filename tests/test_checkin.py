"""Check-in by the rotating QR: the code a projector shows really scans, and each answer a trainee can get."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import escape

import numpy as np
import pytest
import zxingcpp
from nicegui.testing import User

from models.attendance import SLOT_SECONDS, Attendance, Method, Status
from models.participant import Participant
from models.programme import Day
from store.accounts import find_account
from store.attendance import close_day, ensure_cards, mark
from store.skills import day_skills
from ui.runtime import runtime

from .conftest import (
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    KWT_TRAINEE,
    OTHER_INSTRUCTOR,
    at_local,
    attendance_of,
    her_participant_id,
    her_record,
    kue_day,
    log_in,
)

pytestmark = [pytest.mark.demo, pytest.mark.any_hour]  # the demo day is today: these read the clock


def decode_svg(svg: str) -> str:
    """Rasterise the QR's SVG (one square path per module) and read it with zxing-cpp, as a camera would."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))  # type: ignore[union-attr]
    image = np.full((size * 8, size * 8), 255, dtype=np.uint8)
    for x, y in re.findall(r'M(\d+),(\d+)H', svg):
        image[int(y) * 8 : int(y) * 8 + 8, int(x) * 8 : int(x) * 8 + 8] = 0
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, 'the QR does not scan'
    return found[0].text


async def shown_code(user: User, day: Day) -> str:
    """What the projector shows now: the day's QR, fetched by its instructor, decoded."""
    await log_in(user, *INSTRUCTOR)
    response = await user.http_client.get(f'/api/days/{day.id}/code.svg')
    assert response.status_code == 200 and response.headers['content-type'].startswith('image/svg+xml')
    url = decode_svg(response.text)
    assert url == (await user.http_client.get(f'/api/days/{day.id}/code')).json()['url']
    user.http_client.cookies.clear()
    return url.removeprefix('http://test')


async def code_shown_at(user: User, clock: Callable, hour: int, minute: int, second: int = 0) -> tuple[Day, str]:
    """Kue day 1 with the server's clock at `hour:minute` WIB, and the check-in path its projector shows then."""
    _, day = await kue_day()
    clock(at_local(day, hour, minute, second))
    return day, await shown_code(user, day)


async def test_the_projected_qr_decodes_and_checks_her_in_as_hadir(user: User, clock: Callable) -> None:
    day, path = await code_shown_at(user, clock, 7, 55)
    await log_in(user, *KUE_TRAINEE)
    page = await user.http_client.get(path)
    assert page.status_code == 200
    assert 'Hadir, pukul 07.55 WIB' in page.text and 'Siti Nurhayati' in page.text
    recipes = day_skills(runtime.store, day.id)
    assert len(recipes) == 3 and all(escape(r.name) in page.text for r in recipes)  # the day's recipes, by name
    record = her_record(day, KUE_TRAINEE[0])
    assert record is not None and record.status == Status.HADIR and record.how == Method.SELF_SCAN


async def test_the_same_code_two_slots_later_is_refused(user: User, clock: Callable) -> None:
    day, path = await code_shown_at(user, clock, 8, 0)
    await log_in(user, *KUE_TRAINEE)
    clock(at_local(day, 8, 0) + dt.timedelta(seconds=2 * SLOT_SECONDS))
    page = await user.http_client.get(path)
    assert 'sudah kedaluwarsa' in page.text
    assert her_record(day, KUE_TRAINEE[0]) is None


async def test_the_code_one_slot_old_is_still_accepted(user: User, clock: Callable) -> None:
    day, path = await code_shown_at(user, clock, 8, 0)
    await log_in(user, *KUE_TRAINEE)
    clock(at_local(day, 8, 0) + dt.timedelta(seconds=SLOT_SECONDS))
    assert 'Hadir, pukul' in (await user.http_client.get(path)).text
    record = her_record(day, KUE_TRAINEE[0])
    assert record is not None and record.status == Status.HADIR


async def test_a_forged_mac_is_refused(user: User, clock: Callable) -> None:
    day, path = await code_shown_at(user, clock, 8, 0)
    forged = path[:-4] + ('0000' if not path.endswith('0000') else '1111')
    await log_in(user, *KUE_TRAINEE)
    page = await user.http_client.get(forged)
    assert 'Kode QR ini tidak dikenal' in page.text
    assert her_record(day, KUE_TRAINEE[0]) is None
    assert 'tidak dikenal' in (await user.http_client.get(f'/c/{day.id}/abc/{path[-12:]}')).text


async def test_after_the_late_threshold_she_is_terlambat(user: User, clock: Callable) -> None:
    day, path = await code_shown_at(user, clock, 8, 15, 1)  # day 1 starts 08.00, late after 15 minutes
    await log_in(user, *KUE_TRAINEE)
    assert 'Terlambat, pukul 08.15 WIB' in (await user.http_client.get(path)).text
    assert her_record(day, KUE_TRAINEE[0]).status == Status.TERLAMBAT  # type: ignore[union-attr]


async def test_a_second_scan_says_when_she_came_and_writes_nothing(user: User, clock: Callable) -> None:
    day, path = await code_shown_at(user, clock, 8, 12)
    await log_in(user, *KUE_TRAINEE)
    await user.http_client.get(path)
    before = runtime.store.count(Attendance), runtime.store.stats().get('audit')
    clock(at_local(day, 9, 30))
    later = await shown_code(user, day)
    await log_in(user, *KUE_TRAINEE)
    page = await user.http_client.get(later)
    assert 'Sudah hadir pukul 08.12 WIB' in page.text
    assert (runtime.store.count(Attendance), runtime.store.stats().get('audit')) == before


async def test_a_code_for_another_day_is_refused(user: User, clock: Callable) -> None:
    _, day_two = await kue_day(2)
    _, today = await kue_day(1)
    clock(at_local(today, 8, 0))
    path = await shown_code(user, day_two)
    await log_in(user, *KUE_TRAINEE)
    page = await user.http_client.get(path)
    assert 'Kode ini untuk hari ke-2' in page.text and 'bukan hari ini' in page.text
    assert her_record(day_two, KUE_TRAINEE[0]) is None and her_record(today, KUE_TRAINEE[0]) is None


async def test_a_trainee_not_enrolled_is_told_so(user: User, clock: Callable) -> None:
    _, path = await code_shown_at(user, clock, 8, 0)
    await log_in(user, *KWT_TRAINEE)
    page = await user.http_client.get(path)
    assert 'Anda tidak terdaftar di Pelatihan Aneka Kue' in page.text


async def test_not_logged_in_she_types_phone_and_pin_and_the_scan_counts_from_when_she_opened_it(
    user: User, clock: Callable
) -> None:
    _, day = await kue_day()
    opened = at_local(day, 8, 14, 50)
    clock(opened)
    path = await shown_code(user, day)
    form_page = await user.http_client.get(path)
    assert 'name="password"' in form_page.text and 'Masuk untuk absen' in form_page.text
    fields = dict(re.findall(r'name="(opened|sig)" value="([^"]+)"', form_page.text))
    clock(opened + dt.timedelta(seconds=75))  # slow typing: the code is stale by now, and it is past 08.15
    response = await user.http_client.post(path, data={**fields, 'username': '0812 0000 0001', 'password': '123456'})
    assert 'Hadir, pukul 08.14 WIB' in response.text
    assert 'berdaya_session' in response.cookies
    assert her_record(day, KUE_TRAINEE[0]).status == Status.HADIR  # type: ignore[union-attr]


async def test_a_wrong_pin_on_the_check_in_form_shows_the_form_again(user: User, clock: Callable) -> None:
    day, path = await code_shown_at(user, clock, 8, 0)
    response = await user.http_client.post(path, data={'username': KUE_TRAINEE[0], 'password': '000000'})
    assert response.status_code == 401 and 'PIN/kata sandi salah' in response.text
    assert 'name="password"' in response.text and 'Masuk untuk absen' in response.text  # the form again
    assert her_record(day, KUE_TRAINEE[0]) is None


async def test_closing_the_day_marks_the_unmarked_alpa_and_refuses_later_scans(user: User, clock: Callable) -> None:
    programme, day = await kue_day()
    clock(at_local(day, 8, 0))
    path = await shown_code(user, day)
    await log_in(user, *KUE_TRAINEE)
    await user.http_client.get(path)
    instructor = find_account(runtime.store, INSTRUCTOR[0])
    assert await close_day(runtime.store, day.id, by=instructor.id) == len(programme.participant_ids) - 1  # type: ignore[union-attr]
    assert her_record(day, KUE_TRAINEE[0]).status == Status.HADIR  # type: ignore[union-attr]
    assert her_record(day, '081200000002').status == Status.ALPA  # type: ignore[union-attr]
    clock(at_local(day, 8, 30))
    path = await shown_code(user, day)
    await log_in(user, '081200000002', '123456')
    assert 'Absen hari ini sudah ditutup' in (await user.http_client.get(path)).text
    assert her_record(day, '081200000002').status == Status.ALPA  # type: ignore[union-attr]  # the scan wrote nothing


async def test_a_mark_by_hand_needs_a_reason_and_is_audited(user: User) -> None:
    programme, day = await kue_day()
    person = runtime.store.get(Participant, programme.participant_ids[3])
    assert person is not None
    with pytest.raises(Exception, match='mark_needs_reason'):
        await mark(runtime.store, day.id, person.id, Status.IZIN, by='acc', reason=' ', arrived=at_local(day, 8, 0))
    assert attendance_of(day, person.id) is None
    record = await mark(
        runtime.store, day.id, person.id, Status.HADIR, by='acc', reason='HP rusak', arrived=at_local(day, 8, 40)
    )
    assert record.status == Status.TERLAMBAT and record.how == Method.MANUAL and record.reason == 'HP rusak'
    from models.audit import AuditEntry

    entries = runtime.store.by_index(AuditEntry, 'target', record.id)
    assert [(e.action, e.by, e.note) for e in entries] == [('attendance.mark', 'acc', 'HP rusak')]


@pytest.mark.parametrize(
    ('who', 'status'),
    [(None, 401), (KUE_TRAINEE, 403), (OTHER_INSTRUCTOR, 403), (INSTRUCTOR, 200), (COORDINATOR, 200)],
)
async def test_the_code_api_is_for_the_days_instructor_and_coordinators(
    user: User, who: tuple[str, str] | None, status: int
) -> None:
    _, day = await kue_day()
    if who is not None:
        await log_in(user, *who)
    assert (await user.http_client.get(f'/api/days/{day.id}/code')).status_code == status
    assert (await user.http_client.get(f'/api/days/{day.id}/code.svg')).status_code == status


async def test_a_card_link_opened_by_anyone_shows_no_personal_data(user: User) -> None:
    programme, _ = await kue_day()
    siti = runtime.store.get(Participant, her_participant_id(KUE_TRAINEE[0]))
    assert siti is not None
    cards = await ensure_cards(runtime.store, programme.id, by='acc')
    for token in (cards[siti.id].id, 'some-token'):  # her real card, and one that is nobody's
        page = await user.http_client.get(f'/k/{token}')
        assert page.status_code == 200 and 'Kartu hadir peserta' in page.text
        assert not [text for text in (siti.name, siti.phone, siti.village, siti.nik) if text and text in page.text]
