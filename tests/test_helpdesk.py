"""The secretariat's help desk as its people use it: a worker abroad or her family writes from the public page, the
message lands new in the inbox, staff open it (each opening on the trail, without its content), answer on
WhatsApp, move it on and write notes; a coordinator erases it at the sender's request and nothing of it is left
in the data folder; nobody else gets in."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from nicegui.testing import User

from models.account import AccountForm, Role
from models.audit import AuditEntry
from models.base import DomainError
from models.helpdesk import HelpdeskMessage, MessageForm, MessageStatus, SenderKind
from models.secretariat import Secretariat, SecretariatSettings
from store.helpdesk import DAILY_CAP, ZONE, erase, receive
from store.secretariats import create_secretariat, create_staff_account, remove_staff
from ui.i18n import catalogue
from ui.runtime import runtime

from .conftest import (
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    KWT_TRAINEE,
    SECRETARIAT,
    account,
    bumidaya,
    log_in,
    only,
    open_as,
)
from .test_no_english import check_page

pytestmark = pytest.mark.demo

# A message with words found nowhere else, so a search of the pages, the trail and the files finds only it
WULAN = {
    'jenis': 'pmi', 'nama': 'Wulandari Zfqx', 'no_hp': '+852 6987 1234', 'negara': 'Hong Kong',
    'pesan': 'Kontrak saya habis Maret, majikan belum bayar lembur. Kode qzxv-lembur-7731.',
}  # fmt: skip
SECRET_BITS = ['Wulandari Zfqx', '+852 6987 1234', '85269871234', 'qzxv-lembur-7731']
WAIT = 50


async def sent(user: User, form: dict[str, str] = WULAN) -> HelpdeskMessage:
    """`form` sent from the public page as her phone sends it; the message it saved."""
    await runtime.ready()
    before = {m.id for m in runtime.store.all(HelpdeskMessage)}
    response = await user.http_client.post('/sekretariat/bumidaya/pesan', data=form)
    assert response.status_code == 200, response.text[-600:]
    assert 'Terima kasih, pesan Anda sudah diterima' in response.text
    [made] = [m for m in runtime.store.all(HelpdeskMessage) if m.id not in before]
    return made


def trail(target: str) -> list[AuditEntry]:
    return sorted((e for e in runtime.store.all(AuditEntry) if e.target == target), key=lambda e: e.at)


async def another_secretariat_with_staff() -> tuple[Secretariat, tuple[str, str]]:
    """Desa Waliwis's secretariat, with its own petugas `euis`; her log-in."""
    coordinator = account('koordinator').id
    settings = SecretariatSettings(name='Sekretariat PMI Purna Waliwis', slug='waliwis', village='Waliwis')
    made = await create_secretariat(runtime.store, settings, secretariat_id='sek-waliwis', by=coordinator)
    form = AccountForm(role=Role.SECRETARIAT, name='Euis', username='euis', secret='rahasia-euis')
    await create_staff_account(runtime.store, made.record.id, form, account_id='acc-euis', by=coordinator)
    return made.record, ('euis', 'rahasia-euis')


# ---- from the public page into the inbox -------------------------------------------------------------------------


async def test_a_message_from_the_public_form_lands_new_in_its_inbox_and_opens_whole(user: User) -> None:
    secretariat = await bumidaya()
    message = await sent(user)

    assert (message.kind, message.name, message.phone, message.country, message.text) == (
        SenderKind.WORKER, WULAN['nama'], WULAN['no_hp'], WULAN['negara'], WULAN['pesan'],
    )  # fmt: skip
    assert message.status == MessageStatus.NEW and message.secretariat_id == secretariat.id
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/pesan')
    await user.should_see(marker=f'message-{message.id}')
    await user.should_see('PMI di luar negeri · Hong Kong')
    await user.should_not_see(WULAN['nama'])  # the list names no one: opening it is what the trail records
    await user.open(f'/sekretariat/{secretariat.id}/pesan/{message.id}')
    await user.should_see(WULAN['nama'])
    assert only(user, 'message-text').text == WULAN['pesan']
    assert only(user, 'sender-phone').text == '+852 6987 1234'
    answer = only(user, 'answer-wa').props['href']
    assert answer.startswith('https://wa.me/85269871234?text=') and 'Wulandari' in answer


async def test_the_inbox_lists_newest_first_and_filters_by_status(user: User) -> None:
    secretariat = await bumidaya()
    first = await sent(user)
    second = await sent(user, WULAN | {'jenis': 'keluarga', 'pesan': 'Mohon bantu hubungi anak saya di Taiwan.'})
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/pesan?status=baru')
    listed = [k.removeprefix('message-') for e in user.client.elements.values() for k in e._markers
              if k.startswith('message-')]  # fmt: skip
    assert listed[:2] == [second.id, first.id]
    assert {runtime.store.get(HelpdeskMessage, i).status for i in listed} == {MessageStatus.NEW}  # type: ignore[union-attr]
    await user.open(f'/sekretariat/{secretariat.id}/pesan?status=selesai')
    await user.should_not_see(marker=f'message-{first.id}')
    await user.should_see('Selesai (1)')  # the demo's one done message


async def test_staff_move_a_message_on_and_the_trail_has_each_move_with_who_and_when(user: User) -> None:
    secretariat = await bumidaya()
    message = await sent(user)
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/pesan/{message.id}')

    only(user, 'status').value = 'ditindaklanjuti'
    await user.should_see('Status disimpan: Ditindaklanjuti')
    await user.should_see('Diubah oleh Sri Mulyani')
    only(user, 'status').value = 'selesai'
    await user.should_see('Status disimpan: Selesai')

    saved = runtime.store.get(HelpdeskMessage, message.id)
    assert saved is not None and saved.status == MessageStatus.DONE and saved.status_by == account('sekretariat').id
    moves = [(e.before, e.after) for e in trail(message.id) if e.action == 'helpdesk.status']
    assert moves == [
        ({'status': 'baru'}, {'status': 'ditindaklanjuti'}),
        ({'status': 'ditindaklanjuti'}, {'status': 'selesai'}),
    ]


async def test_a_note_is_kept_with_its_writer_and_time_and_the_trail_says_only_that_one_was_written(
    user: User,
) -> None:
    secretariat = await bumidaya()
    message = await sent(user)
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/pesan/{message.id}')
    user.find(marker='note').type('Sudah telepon KJRI Hong Kong, kode catatan zzq-9917')
    user.find(marker='save-note').click()
    await user.should_see('Catatan disimpan')
    await user.should_see('Sudah telepon KJRI Hong Kong, kode catatan zzq-9917')

    saved = runtime.store.get(HelpdeskMessage, message.id)
    assert saved is not None
    [note] = saved.notes
    assert (note.by, note.text) == (account('sekretariat').id, 'Sudah telepon KJRI Hong Kong, kode catatan zzq-9917')
    entries = [e for e in trail(message.id) if e.action == 'helpdesk.note']
    assert len(entries) == 1 and entries[0].by == account('sekretariat').id
    assert 'zzq-9917' not in json.dumps([e.model_dump(mode='json') for e in runtime.store.all(AuditEntry)])


async def test_a_note_with_html_or_nothing_in_it_is_refused_beside_it(user: User) -> None:
    secretariat = await bumidaya()
    message = await sent(user)
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/pesan/{message.id}')
    for typed, refusal in (('<img src=x onerror=alert(1)>', 'tanpa kode HTML'), ('   ', 'Tulis catatannya dulu.')):
        user.find(marker='note').clear().type(typed)
        user.find(marker='save-note').click()
        await user.should_see(refusal)
    assert runtime.store.get(HelpdeskMessage, message.id).notes == []  # type: ignore[union-attr]


# ---- every view on the trail, no content anywhere else ---------------------------------------------------------


async def test_every_opening_and_every_json_reading_is_on_the_trail_without_its_content(user: User) -> None:
    secretariat = await bumidaya()
    message = await sent(user)
    staff = account('sekretariat').id
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/pesan/{message.id}')
    await user.open(f'/sekretariat/{secretariat.id}/pesan/{message.id}')
    response = await user.http_client.get('/api/secretariat/bumidaya/messages')

    views = [e for e in trail(message.id) if e.action == 'helpdesk.view']
    assert [e.by for e in views] == [staff, staff]
    [reading] = [e for e in trail(secretariat.id) if e.action == 'helpdesk.api']
    assert reading.by == staff and message.id in reading.after['message_ids']  # type: ignore[index]
    assert response.headers['cache-control'] == 'no-store'
    everything = json.dumps([e.model_dump(mode='json') for e in runtime.store.all(AuditEntry)], ensure_ascii=False)
    assert not [bit for bit in SECRET_BITS if bit in everything]


async def test_the_json_gives_its_staff_every_field_newest_first(user: User) -> None:
    message = await sent(user)
    await log_in(user, *SECRETARIAT)
    response = await user.http_client.get('/api/secretariat/bumidaya/messages')

    assert response.status_code == 200
    rows = response.json()['messages']
    assert rows[0] == {
        'id': message.id, 'kind': 'pmi', 'name': WULAN['nama'], 'phone': WULAN['no_hp'], 'country': 'Hong Kong',
        'text': WULAN['pesan'], 'status': 'baru', 'at': message.received_at.isoformat(),
    }  # fmt: skip
    assert len(rows) == runtime.store.count(HelpdeskMessage)


async def test_the_trail_reads_the_help_desk_in_words_and_no_content(user: User) -> None:
    secretariat = await bumidaya()
    message = await sent(user)
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/pesan/{message.id}')
    only(user, 'status').value = 'ditindaklanjuti'
    await user.should_see('Status disimpan: Ditindaklanjuti')
    await user.http_client.post('/logout')
    await open_as(user, COORDINATOR, '/audit')
    await user.should_see('Pesan layanan dibuka')
    await user.should_see('Status pesan layanan diubah')
    await user.should_not_see(WULAN['nama'])
    csv = (await user.http_client.get('/export/audit.csv?kind=helpdesk')).text
    assert 'Pesan layanan dibuka' in csv and 'Ditindaklanjuti' in csv
    assert not [bit for bit in SECRET_BITS if bit in csv]


def test_every_help_desk_action_kind_and_field_has_a_label_in_both_languages() -> None:
    keys = ['audit.kind.helpdesk'] + [
        f'audit.action.helpdesk_{a}' for a in ('view', 'api', 'status', 'note', 'erase')
    ] + [f'audit.field.helpdesk.{f}' for f in ('status', 'message_ids', 'received_at')] + [
        f'helpdesk.status.{s.value}' for s in MessageStatus
    ]  # fmt: skip
    assert [(lang, k) for lang in ('id', 'en') for k in keys if k not in catalogue(lang)] == []


async def test_no_log_line_carries_what_she_wrote_her_name_or_number(
    user: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secretariat = await bumidaya()
    message = await sent(user)
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/pesan/{message.id}')
    await user.http_client.get('/api/secretariat/bumidaya/messages')
    await user.http_client.post('/sekretariat/bumidaya/pesan', data=WULAN | {'no_hp': 'bukan nomor'})

    assert not [bit for bit in SECRET_BITS if bit in caplog.text]


# ---- erasure at her request ------------------------------------------------------------------------------------


def files_holding(folder: Path, bits: list[str]) -> list[tuple[str, str]]:
    """Every (file, bit) where a file anywhere under `folder` holds one of `bits`, as UTF-8 or as JSON escapes."""
    found = []
    for path in sorted(p for p in folder.rglob('*') if p.is_file()):
        data = path.read_bytes()
        for bit in bits:
            if bit.encode() in data or json.dumps(bit).strip('"').encode() in data:
                found.append((str(path.relative_to(folder)), bit))
    return found


async def test_a_coordinator_erases_a_message_and_no_byte_of_it_is_left_in_the_data_folder(user: User) -> None:
    secretariat = await bumidaya()
    message = await sent(user)
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/pesan/{message.id}')
    user.find(marker='note').type('Catatan rahasia nrr-5521')
    user.find(marker='save-note').click()
    await user.should_see('Catatan disimpan')
    await user.should_not_see(marker='erase')  # the staff do not erase
    await runtime.store.checkpoint()  # the message in the snapshot too, not only in the journal
    folder = runtime.store.folder
    bits = [*SECRET_BITS, 'nrr-5521']
    assert {bit for _, bit in files_holding(folder, bits)} == set(bits) - {'85269871234'}

    await user.http_client.post('/logout')
    await open_as(user, COORDINATOR, f'/sekretariat/{secretariat.id}/pesan/{message.id}')
    user.find(marker='erase').click()
    await user.should_see('Hapus pesan untuk selamanya?')
    user.find(marker='erase-confirm').click()
    await user.should_see('Pesan sudah dihapus untuk selamanya')

    assert runtime.store.get(HelpdeskMessage, message.id) is None
    assert files_holding(folder, bits) == []  # snapshot and journal alike, after the erasure's checkpoint
    [erased] = [e for e in trail(message.id) if e.action == 'helpdesk.erase']
    assert erased.by == account('koordinator').id and erased.before == {
        'status': 'baru', 'received_at': message.received_at.isoformat(),
    }  # fmt: skip
    await user.open(f'/sekretariat/{secretariat.id}/pesan/{message.id}')
    await user.should_see(marker='message-gone')


async def test_the_staff_may_not_erase_even_by_calling_the_store(user: User) -> None:
    message = await sent(user)
    with pytest.raises(DomainError) as refused:
        await erase(runtime.store, message.id, by=account('sekretariat').id)
    assert refused.value.key == 'helpdesk_erase_coordinators'
    assert runtime.store.get(HelpdeskMessage, message.id) is not None


# ---- nobody else gets in ---------------------------------------------------------------------------------------


@pytest.mark.parametrize('who', [INSTRUCTOR, KUE_TRAINEE, KWT_TRAINEE], ids=['instructor', 'trainee', 'kwt'])
async def test_instructors_and_trainees_are_refused_the_inbox_its_messages_and_its_json(
    user: User, who: tuple[str, str]
) -> None:
    secretariat = await bumidaya()
    message = await sent(user)
    views_before = len(runtime.store.all(AuditEntry))
    await log_in(user, *who)
    for path in (f'/sekretariat/{secretariat.id}/pesan', f'/sekretariat/{secretariat.id}/pesan/{message.id}',
                 '/api/secretariat/bumidaya/messages'):  # fmt: skip
        response = await user.http_client.get(path)
        assert response.status_code == 403, path
        assert not [bit for bit in SECRET_BITS if bit in response.text], path
    assert len(runtime.store.all(AuditEntry)) == views_before  # nothing was opened


async def test_staff_of_another_secretariat_see_nothing_of_this_ones_messages(user: User) -> None:
    secretariat = await bumidaya()
    message = await sent(user)
    waliwis, euis = await another_secretariat_with_staff()
    await log_in(user, *euis)
    for path in (f'/sekretariat/{secretariat.id}/pesan', f'/sekretariat/{secretariat.id}/pesan/{message.id}',
                 '/api/secretariat/bumidaya/messages', f'/sekretariat/{waliwis.id}/pesan/{message.id}'):  # fmt: skip
        response = await user.http_client.get(path)
        assert not [bit for bit in SECRET_BITS if bit in response.text], path
        assert response.status_code in (200, 403), path
    assert (await user.http_client.get('/api/secretariat/waliwis/messages')).json() == {'messages': []}
    await user.open(f'/sekretariat/{waliwis.id}/pesan/{message.id}')  # her own inbox's address, the other's id
    await user.should_see(marker='message-gone')
    assert not [e for e in trail(message.id) if e.action == 'helpdesk.view']


async def test_staff_taken_off_while_the_message_is_open_change_nothing(user: User) -> None:
    secretariat = await bumidaya()
    message = await sent(user)
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/pesan/{message.id}')
    await remove_staff(runtime.store, secretariat.id, account('sekretariat').id, by=account('koordinator').id)
    user.find(marker='note').type('Tidak boleh tersimpan')
    user.find(marker='save-note').click()
    only(user, 'status').value = 'selesai'
    await user.should_see('Anda tidak berhak')
    saved = runtime.store.get(HelpdeskMessage, message.id)
    assert saved is not None and saved.notes == [] and saved.status == MessageStatus.NEW


# ---- a flood cannot fill the inbox -----------------------------------------------------------------------------


async def test_the_same_message_sent_twice_is_saved_once(user: User) -> None:
    first = await sent(user)
    response = await user.http_client.post('/sekretariat/bumidaya/pesan', data=WULAN)
    assert response.status_code == 200 and first.id[:6].upper() in response.text
    assert [m.id for m in runtime.store.all(HelpdeskMessage) if m.name == WULAN['nama']] == [first.id]


async def test_past_its_daily_cap_a_secretariat_refuses_politely_and_keeps_what_it_has(user: User) -> None:
    secretariat = await bumidaya()
    now = dt.datetime.now(dt.UTC)
    today = sum(m.received_at.astimezone(ZONE.tz).date() == now.astimezone(ZONE.tz).date()
                for m in runtime.store.all(HelpdeskMessage))  # fmt: skip
    for n in range(DAILY_CAP - today):
        form = MessageForm(kind='pmi', name='Ani', phone='081234567890', country='Malaysia', text=f'Pesan ke-{n}')
        await receive(runtime.store, secretariat.id, form, now=now)
    held = runtime.store.count(HelpdeskMessage)

    response = await user.http_client.post('/sekretariat/bumidaya/pesan', data=WULAN)

    assert response.status_code == 429
    assert 'kotak pesan sekretariat sudah penuh untuk hari ini' in response.text
    assert 'https://wa.me/6281300009001?text=Kontrak%20saya' in response.text  # her words, to send on WhatsApp
    assert runtime.store.count(HelpdeskMessage) == held


# ---- the demo --------------------------------------------------------------------------------------------------


async def test_the_demo_desk_holds_messages_in_every_state_from_abroad_and_from_families(user: User) -> None:
    secretariat = await bumidaya()
    messages = runtime.store.by_index(HelpdeskMessage, 'secretariat', secretariat.id)
    assert {m.status for m in messages} == set(MessageStatus)
    assert {m.kind for m in messages} == set(SenderKind)
    assert any(m.country == 'Hong Kong' and 'Kontrak' in m.text for m in messages)
    assert any(m.kind == SenderKind.FAMILY and m.country == 'Malaysia' for m in messages)
    assert all(m.notes for m in messages if m.status != MessageStatus.NEW)
    await open_as(user, SECRETARIAT)
    await user.should_see('Pesan PMI dan keluarga (2 baru)')


async def test_the_inbox_and_a_message_read_in_indonesian_only(user: User) -> None:
    secretariat = await bumidaya()
    message = await sent(user)
    await open_as(user, COORDINATOR)
    await check_page(user, f'/sekretariat/{secretariat.id}/pesan')
    await check_page(user, f'/sekretariat/{secretariat.id}/pesan?status=selesai')
    await check_page(user, f'/sekretariat/{secretariat.id}/pesan/{message.id}', then=['erase'])
