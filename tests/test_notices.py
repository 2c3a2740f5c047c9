"""The village secretariat's notice board, as its people use it: its staff post, change and take down notices (bad
input refused beside its field, nothing half-saved, each write in the trail); the members of its linked group see
the current ones on their home, newest first, what is new marked until read, and say "Saya tertarik", which the
staff see; nobody it does not reach sees anything of it, and a notice leaves the board at the end of its last day."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

import pytest
from nicegui import ui
from nicegui.testing import User
from PIL import Image

from models.account import AccountForm, Role
from models.audit import AuditEntry
from models.base import DomainError
from models.notices import Notice, NoticeForm, NoticeInterest, NoticeKind, interest_id
from models.participant import Participant
from models.programme import Zone
from models.secretariat import SecretariatSettings
from store.notices import board, notices_for, post_notice, set_interest, take_down
from store.secretariats import (
    create_secretariat,
    create_staff_account,
    unlink_group,
    unlink_programme,
)
from ui.format import plain_date
from ui.runtime import runtime
from ui.whatsapp import notice_text

from .conftest import (
    CLOCK,
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    KWT_TRAINEE,
    SECRETARIAT,
    WIB,
    account,
    bumidaya,
    error_of,
    errors_of,
    her_participant_id,
    log_in,
    only,
    open_as,
)
from .test_no_english import check_page

pytestmark = pytest.mark.demo
TODAY = dt.datetime.fromisoformat(CLOCK).astimezone(WIB).date()  # the suite's day, in WIB
LAST_DAY = TODAY + dt.timedelta(days=10)  # CHILI's
CHILI = NoticeForm(
    kind=NoticeKind.OPPORTUNITY, title='Dicari cabai merah 50 kg seminggu', contact='Pak Hendra, WA 0812-7788-1200',
    text='Pengepul dari Bandar Lampung mencari cabai merah keriting segar, diambil tiap Kamis.', amount=15_000,
    ends_on=LAST_DAY,
)  # fmt: skip


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def posted(form: NoticeForm = CHILI, notice_id: str = 'cabai-50kg', **changes: object) -> Notice:
    """A notice the demo's secretariat staff posted on its board just now."""
    secretariat = await bumidaya()
    saved = await post_notice(
        runtime.store, secretariat.id, form.model_copy(update=changes), notice_id=notice_id,
        by=account(SECRETARIAT[0]).id, now=now(),
    )  # fmt: skip
    return saved.record


def stored(notice_id: str) -> Notice:
    notice = runtime.store.get(Notice, notice_id)
    assert notice is not None
    return notice


async def fill(user: User, **values: str) -> None:
    for marker, value in values.items():
        user.find(marker=marker).clear().type(value)


def camera_photo() -> bytes:
    """A phone camera's JPEG with GPS in its EXIF."""
    exif = Image.Exif()
    exif[0x8825] = {1: 'S', 2: (5.0, 40.0, 12.0), 3: 'E', 4: (105.0, 35.0, 2.0)}
    out = io.BytesIO()
    Image.new('RGB', (2000, 1500), (200, 40, 30)).save(out, 'JPEG', exif=exif, quality=70)
    return out.getvalue()


async def upload(user: User, data: bytes, name: str = 'foto.jpg') -> None:
    element = next(iter(user.find(marker='notice-photo').elements))
    await element.handle_uploads([ui.upload.SmallFileUpload(name, 'image/jpeg', data)])


# ---- the demo --------------------------------------------------------------------------------------------------


@pytest.mark.any_hour  # the last day is a day of the suite's clock
async def test_the_demo_board_has_a_dozen_notices_of_four_kinds_two_of_them_ended(user: User) -> None:
    secretariat = await bumidaya()
    view = board(runtime.store, secretariat, now())
    notices = [item.notice for item in (*view.current, *view.ended)]
    assert len(notices) == 12 and {n.kind for n in notices} == set(NoticeKind)
    assert len(view.ended) == 2 and all(n.ends_on < TODAY for n in (i.notice for i in view.ended))
    assert sum(1 for n in notices if n.photo is not None) == 3
    assert sum(len(item.interested) for item in view.current) >= 5
    assert {i.group for item in view.current for i in item.interested} == {'KWT Melati Purna'}


# ---- the staff post ------------------------------------------------------------------------------------------


async def test_staff_post_an_opportunity_with_a_photo_and_it_is_on_the_board_and_in_the_trail(user: User) -> None:
    secretariat = await bumidaya()
    await open_as(user, SECRETARIAT)
    user.find(marker='open-board-bumidaya').click()
    await user.should_see('Papan pengumuman sekretariat')
    user.find(marker='new-notice').click()
    await fill(
        user, **{'notice-title': 'Dicari 300 kotak kue untuk hajatan',
                 'notice-text': 'Pesanan 300 kotak kue isi empat untuk hajatan tanggal 20, bisa dikerjakan bersama.',
                 'notice-amount': '15000', 'notice-ends-on': str(LAST_DAY + dt.timedelta(days=1))},
    )  # fmt: skip
    await upload(user, camera_photo())
    await user.should_see('Foto siap')
    user.find(marker='save-notice').click()
    await user.should_see('Pengumuman dipasang di papan.')

    [notice] = [
        n
        for n in runtime.store.by_index(Notice, 'secretariat', secretariat.id)
        if n.title == 'Dicari 300 kotak kue untuk hajatan'
    ]
    assert (notice.kind, notice.amount, notice.ends_on, notice.zone) == (
        NoticeKind.OPPORTUNITY, 15_000, LAST_DAY + dt.timedelta(days=1), Zone.WIB,
    )  # fmt: skip
    assert notice.contact == 'Sekretariat PMI Purna Desa Bumidaya, WA 081300009001'  # the form's default
    assert notice.posted_by == account(SECRETARIAT[0]).id
    assert notice.photo is not None
    full = Image.open(io.BytesIO((await user.http_client.get(f'/media/{notice.photo.full}')).content))
    assert max(full.size) == 1080 and not full.getexif()  # made small, its GPS gone
    await user.should_see(marker=f'board-notice-{notice.id}')
    [entry] = [e for e in runtime.store.all(AuditEntry) if e.target == notice.id]
    assert (entry.action, entry.by, entry.before) == ('notice.post', notice.posted_by, None)


@pytest.mark.any_hour  # the last day is a day of the suite's clock
async def test_bad_input_is_refused_beside_its_field_and_nothing_is_saved(user: User) -> None:
    secretariat = await bumidaya()
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/papan')
    user.find(marker='new-notice').click()
    yesterday = str(TODAY - dt.timedelta(days=1))
    await fill(user, **{'notice-title': 'Cbi', 'notice-contact': '', 'notice-ends-on': yesterday})
    before = runtime.store.count(Notice), runtime.store.count(AuditEntry)

    user.find(marker='save-notice').click()
    await user.should_see('Wajib diisi')
    assert errors_of(user, 'notice-title', 'notice-text', 'notice-contact', 'notice-ends-on') == {
        'notice-title': 'Terlalu pendek (minimal 5 huruf)', 'notice-text': 'Wajib diisi',
        'notice-contact': 'Wajib diisi', 'notice-ends-on': None,
    }  # fmt: skip
    await fill(user, **{'notice-title': 'Dicari cabai rawit', 'notice-contact': 'Bu Sri',
                        'notice-text': 'Rumah makan mencari cabai rawit merah 20 kg.'})  # fmt: skip
    user.find(marker='save-notice').click()
    await user.should_see('Tanggal berlaku sudah lewat')
    assert error_of(user, 'notice-ends-on') == 'Tanggal berlaku sudah lewat. Pilih hari ini atau tanggal sesudahnya.'
    await fill(user, **{'notice-ends-on': str(TODAY + dt.timedelta(days=400))})
    user.find(marker='save-notice').click()
    await user.should_see('paling lama satu tahun')
    await upload(user, b'%PDF-1.4 bukan foto', 'surat.pdf')
    await user.should_see('Berkas ini bukan gambar yang bisa dibaca')
    await upload(user, b'\xff\xd8\xff' + b'\0' * (11 * 1024 * 1024), 'besar.jpg')
    await user.should_see('Gambar terlalu besar: paling besar 10 MB.')
    await user.should_see(marker='notice-photo')  # no photo taken: the picker is still there
    assert (runtime.store.count(Notice), runtime.store.count(AuditEntry)) == before


async def test_a_second_tap_of_the_same_form_posts_one_notice(user: User) -> None:
    secretariat, by = (await bumidaya()).id, account('sekretariat').id
    first = await post_notice(runtime.store, secretariat, CHILI, notice_id='sekali', by=by, now=now())
    other = CHILI.model_copy(update={'title': 'Lain sama sekali'})
    again = await post_notice(runtime.store, secretariat, other, notice_id='sekali', by=by, now=now())
    assert (first.status, again.status) == ('applied', 'duplicate')
    assert again.record == first.record and again.record.title == CHILI.title
    assert [e.action for e in runtime.store.all(AuditEntry) if e.target == 'sekali'] == ['notice.post']


async def test_staff_change_a_notice_take_it_down_and_put_it_back(user: User) -> None:
    notice = await posted()
    await open_as(user, SECRETARIAT, f'/sekretariat/{notice.secretariat_id}/papan')
    user.find(marker=f'edit-{notice.id}').click()
    await fill(user, **{'notice-title': 'Dicari cabai merah 80 kg seminggu'})
    user.find(marker='save-notice').click()
    await user.should_see('Tersimpan')
    assert stored(notice.id).title == 'Dicari cabai merah 80 kg seminggu' and stored(notice.id).edited_at is not None

    user.find(marker=f'take-down-{notice.id}').click()
    await user.should_see('Pengumuman diturunkan dari papan.')
    assert stored(notice.id).taken_down_at is not None
    assert notice.id not in [m.notice.id for m in notices_for(runtime.store, her_participant_id(KWT_TRAINEE[0]), now())]
    user.find(marker=f'put-back-{notice.id}').click()
    await user.should_see('Pengumuman dipasang lagi.')
    assert stored(notice.id).taken_down_at is None
    actions = [e.action for e in sorted(runtime.store.all(AuditEntry), key=lambda e: e.at) if e.target == notice.id]
    assert actions == ['notice.post', 'notice.edit', 'notice.take_down', 'notice.put_back']


# ---- who sees them -------------------------------------------------------------------------------------------


@pytest.mark.any_hour  # the last day is a day of the suite's clock
async def test_a_kwt_member_sees_the_new_notice_first_on_her_home_and_the_mark_clears_once_read(user: User) -> None:
    notice = await posted()
    await open_as(user, KWT_TRAINEE)
    await user.should_see('Dicari cabai merah 50 kg seminggu')
    newest = [m.notice.id for m in notices_for(runtime.store, her_participant_id(KWT_TRAINEE[0]), now())]
    assert newest[0] == notice.id  # newest first; the three newest on her home
    for shown in newest[:3]:
        await user.should_see(marker=f'notice-{shown}')
    await user.should_not_see(marker=f'notice-{newest[3]}')
    await user.should_see(marker=f'unread-{notice.id}')
    assert only(user, 'notices-new').text == '11 baru'

    await user.open('/pengumuman')
    await user.should_see(marker=f'unread-{notice.id}')  # still marked as she opens them
    await user.should_see('Harga yang ditawarkan: Rp\u00a015.000')
    await user.open('/')
    await user.should_see('Dicari cabai merah 50 kg seminggu')
    await user.should_not_see(marker=f'unread-{notice.id}')
    await user.should_not_see(marker='notices-new')
    answer = (await user.http_client.get('/api/notices')).json()['notices']
    assert answer[0] == {
        'id': notice.id, 'kind': 'peluang_usaha', 'title': 'Dicari cabai merah 50 kg seminggu',
        'ends': LAST_DAY.isoformat(), 'secretariat': 'Sekretariat PMI Purna Desa Bumidaya', 'unread': False,
        'interested': False,
    }  # fmt: skip
    assert len(answer) == 11  # the demo's ten current ones and this


async def test_people_the_secretariat_does_not_reach_never_see_its_notices(user: User) -> None:
    notice = await posted()
    await open_as(user, KUE_TRAINEE)  # the kue course is not linked to Bumidaya
    await user.should_see('Catat penjualan')
    await user.should_not_see(marker=f'notice-{notice.id}')
    await user.should_not_see(marker='open-notices')
    await user.open('/pengumuman')
    await user.should_see(marker='no-notices')
    assert (await user.http_client.get('/api/notices')).json() == {'notices': []}
    with pytest.raises(DomainError, match='notice_gone'):
        await set_interest(runtime.store, notice.id, her_participant_id(), True, now=now())
    for who in (INSTRUCTOR, COORDINATOR, SECRETARIAT):
        await log_in(user, *who)
        assert (await user.http_client.get('/api/notices')).status_code == 403
    user.http_client.cookies.clear()
    assert (await user.http_client.get('/api/notices')).status_code == 401

    secretariat = await bumidaya()  # the group and its programme unlinked: its members no longer see the board
    by = account('koordinator').id
    await unlink_group(runtime.store, secretariat.id, secretariat.group_ids[0], by=by)
    assert notices_for(runtime.store, her_participant_id(KWT_TRAINEE[0]), now())  # her programme still reaches her
    await unlink_programme(runtime.store, secretariat.id, secretariat.programme_ids[0], by=by)
    assert notices_for(runtime.store, her_participant_id(KWT_TRAINEE[0]), now()) == []


@pytest.mark.any_hour
@pytest.mark.parametrize(
    ('moment', 'on_board'),
    [(dt.time(23, 59), True), (dt.time(0, 0), False), (dt.time(0, 30), False)],  # WIB, on its last day or the next
)
async def test_a_notice_leaves_the_board_at_the_end_of_its_last_day_wib(
    user: User, clock: Callable[[dt.datetime], None], moment: dt.time, on_board: bool
) -> None:
    notice = await posted()
    day = LAST_DAY if on_board else LAST_DAY + dt.timedelta(days=1)
    clock(dt.datetime.combine(day, moment, WIB))
    await open_as(user, KWT_TRAINEE)
    await user.should_see(marker='open-notices')  # the demo's others are still up
    if on_board:
        await user.should_see(marker=f'notice-{notice.id}')
    else:
        await user.should_not_see(marker=f'notice-{notice.id}')
    ids = [n['id'] for n in (await user.http_client.get('/api/notices')).json()['notices']]
    assert (notice.id in ids) is on_board


async def test_the_demo_notices_already_ended_are_on_no_home(user: User) -> None:
    secretariat = await bumidaya()
    ended = [item.notice.id for item in board(runtime.store, secretariat, now()).ended]
    current = board(runtime.store, secretariat, now()).current[0].notice.id
    await open_as(user, KWT_TRAINEE, '/pengumuman')
    await user.should_see(marker=f'notice-{current}')
    for notice_id in ended:
        await user.should_not_see(marker=f'notice-{notice_id}')


# ---- "Saya tertarik" -------------------------------------------------------------------------------------------


async def test_her_interest_is_recorded_once_can_be_taken_back_and_the_staff_see_who(user: User) -> None:
    notice = await posted()
    her_id = her_participant_id(KWT_TRAINEE[0])
    await open_as(user, KWT_TRAINEE)
    user.find(marker=f'interest-{notice.id}').click()
    await user.should_see('Minat Anda tercatat')
    record = runtime.store.get(NoticeInterest, interest_id(notice.id, her_id))
    assert record is not None and record.interested
    again = await set_interest(runtime.store, notice.id, her_id, True, now=now())
    assert again == record  # said twice: the same answer, nothing written
    assert len(runtime.store.by_index(NoticeInterest, 'notice', notice.id)) == 1

    await log_in(user, *SECRETARIAT)
    await user.open(f'/sekretariat/{notice.secretariat_id}/papan')
    await user.should_see(marker=f'interested-{notice.id}-{her_id}')
    await user.should_see('1 orang tertarik')
    person = runtime.store.get(Participant, her_id)
    assert person is not None
    await user.should_see(person.name)
    await user.should_see(f'KWT Melati Purna · {person.phone}')

    await log_in(user, *KWT_TRAINEE)
    await user.open('/pengumuman')
    await user.should_see('Anda tertarik')
    user.find(marker=f'interest-{notice.id}').click()
    await user.should_see('Minat Anda dibatalkan.')
    assert not runtime.store.get(NoticeInterest, interest_id(notice.id, her_id)).interested  # type: ignore[union-attr]
    assert board(runtime.store, await bumidaya(), now()).current[0].interested == ()


async def test_an_announcement_asks_no_interest_and_an_ended_notice_takes_none(user: User) -> None:
    await runtime.ready()
    her_id = her_participant_id(KWT_TRAINEE[0])
    meeting = await posted(notice_id='rapat', kind=NoticeKind.ANNOUNCEMENT, amount=None)
    with pytest.raises(DomainError, match='notice_no_interest'):
        await set_interest(runtime.store, meeting.id, her_id, True, now=now())
    chili = await posted()
    await take_down(runtime.store, chili.id, by=account('sekretariat').id, now=now())
    with pytest.raises(DomainError, match='notice_gone'):
        await set_interest(runtime.store, chili.id, her_id, True, now=now())
    await open_as(user, KWT_TRAINEE, '/pengumuman')
    await user.should_see(marker='notice-rapat')
    await user.should_not_see(marker='interest-rapat')


# ---- staff of another secretariat ------------------------------------------------------------------------------


async def test_staff_of_another_secretariat_are_refused_its_board_and_its_notices(user: User) -> None:
    notice = await posted()
    coordinator = account('koordinator').id
    settings = SecretariatSettings(name='Sekretariat PMI Purna Waliwis', slug='waliwis', village='Waliwis')
    waliwis = (await create_secretariat(runtime.store, settings, secretariat_id='sek-waliwis', by=coordinator)).record
    form = AccountForm(role=Role.SECRETARIAT, name='Euis', username='euis', secret='rahasia-euis')
    euis = (await create_staff_account(runtime.store, waliwis.id, form, account_id='acc-euis', by=coordinator)).record

    await log_in(user, 'euis', 'rahasia-euis')
    assert (await user.http_client.get(f'/sekretariat/{notice.secretariat_id}/papan')).status_code == 403
    assert (await user.http_client.get(f'/sekretariat/{waliwis.id}/papan')).status_code == 200
    with pytest.raises(DomainError, match='secretariat_not_yours'):
        await post_notice(runtime.store, notice.secretariat_id, CHILI, notice_id='dari-waliwis', by=euis.id, now=now())
    with pytest.raises(DomainError, match='secretariat_not_yours'):
        await take_down(runtime.store, notice.id, by=euis.id, now=now())
    with pytest.raises(DomainError, match='secretariat_not_yours'):  # nor a trainee, nor an instructor not on it
        await take_down(runtime.store, notice.id, by=account(INSTRUCTOR[0]).id, now=now())
    assert stored(notice.id) == notice and runtime.store.get(Notice, 'dari-waliwis') is None
    await log_in(user, *COORDINATOR)  # the coordinators serve every secretariat
    assert (await user.http_client.get(f'/sekretariat/{notice.secretariat_id}/papan')).status_code == 200


# ---- passed on, and never parsed ----------------------------------------------------------------------------------


@pytest.mark.any_hour  # the last day is a day of the suite's clock
async def test_bagikan_ke_whatsapp_passes_the_notice_on_in_indonesian(user: User) -> None:
    notice = await posted()
    text = notice_text(notice, 'Sekretariat PMI Purna Desa Bumidaya')
    assert text == (
        '*Peluang usaha: Dicari cabai merah 50 kg seminggu*\n'
        'Pengepul dari Bandar Lampung mencari cabai merah keriting segar, diambil tiap Kamis.\n'
        'Harga yang ditawarkan: Rp\u00a015.000\n'
        'Hubungi: Pak Hendra, WA 0812-7788-1200\n'
        f'Berlaku sampai {plain_date(LAST_DAY)}\n'
        '— Sekretariat PMI Purna Desa Bumidaya'
    )
    await open_as(user, KWT_TRAINEE, '/pengumuman')
    link = str(only(user, f'share-{notice.id}').props['href'])
    assert urlparse(link).netloc == 'wa.me' and parse_qs(urlparse(link).query)['text'] == [text]


async def test_a_persons_text_on_a_notice_is_shown_as_text_never_parsed(user: User) -> None:
    hostile = '<img src=x onerror=alert(1)> "Cabai" {{ 7*7 }} \' :label=alert(2)'
    notice = await posted(title=hostile[:120], text=f'Isi: {hostile}', contact=f'Bu "Sri" <b>{hostile[:60]}</b>')
    await open_as(user, KWT_TRAINEE, '/pengumuman')
    await user.should_see(marker=f'notice-{notice.id}')
    labels = [e for e in user.find(kind=ui.label).elements if hostile[:20] in e.text]
    assert {e.text for e in labels} >= {hostile[:120], f'Isi: {hostile}'}
    html = (await user.http_client.get('/pengumuman')).text
    assert '<img src=x' not in html
    await log_in(user, *SECRETARIAT)
    await user.open(f'/sekretariat/{notice.secretariat_id}/papan')
    user.find(marker=f'edit-{notice.id}').click()
    assert only(user, 'notice-title').value == hostile[:120]
    staff_page = await user.http_client.get(f'/sekretariat/{notice.secretariat_id}/papan')
    assert '<img src=x' not in staff_page.text


def test_the_last_day_ends_at_midnight_on_its_secretariats_clock() -> None:
    last_day = dt.date(2026, 12, 17)
    notice = Notice(
        **CHILI.model_dump(exclude={'ends_on'}), ends_on=last_day, secretariat_id='s', zone=Zone.WIT, posted_by='a',
        posted_at=now(),
    )  # fmt: skip
    assert notice.ends_at() == dt.datetime(2026, 12, 18, tzinfo=Zone.WIT.tz).astimezone(dt.UTC)
    assert notice.current(dt.datetime(2026, 12, 17, 21, 59, tzinfo=WIB))  # 23.59 WIT
    assert not notice.current(dt.datetime(2026, 12, 17, 23, 59, tzinfo=WIB))  # 01.59 WIT, the next day


async def test_the_board_its_form_and_her_notices_are_in_indonesian(user: User) -> None:
    secretariat = await bumidaya()
    await log_in(user, *SECRETARIAT)
    await check_page(user, f'/sekretariat/{secretariat.id}/papan', then=['new-notice'])
    await log_in(user, *KWT_TRAINEE)
    await check_page(user, '/pengumuman')
    await check_page(user, '/')
