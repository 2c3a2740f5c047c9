"""Before leaving: a villager who plans to work abroad is written down under her consent, her documents ticked as
she brings them (the progress, the day the list was complete), her one-page sheet read back, the blank sheet of
the legal route a village office hands out, and the list of documents and offices staff keep."""

from __future__ import annotations

import datetime as dt
import io
from html import escape

import pytest
from nicegui.testing import User
from pydantic import ValidationError
from pypdf import PdfReader

from models.account import Account
from models.audit import AuditEntry
from models.departure import (
    DEFAULT_DOCUMENTS,
    ROUTE_STEPS,
    Checklist,
    ChecklistForm,
    DepartureGuide,
    DocumentItem,
    Office,
)
from models.register import ConsentGiver, RegisterConsent
from store.departure import add_checklist, guide_of, public_guide, save_guide, tick
from ui.departure_text import WARNINGS, GuideText, OfficeText, guide_text
from ui.documents.departure import DocumentLine, Holder, RouteSheet, departure_pdf, route_sheet
from ui.documents.pdf import Kop
from ui.i18n import t
from ui.runtime import runtime

from .conftest import SECRETARIAT, account, bumidaya, error_of, flat, only, open_as, pdf_text

pytestmark = pytest.mark.demo

TODAY = dt.date(2026, 12, 7)


def staff() -> Account:
    return account('sekretariat')


async def fill(user: User, **values: str) -> None:
    for marker, value in values.items():
        user.find(marker=marker).clear().type(value)


async def ratna() -> Checklist:
    secretariat = await bumidaya()
    consent = RegisterConsent(purpose='Persiapan dokumen', given_on=TODAY, giver_name='Ratna Sari Dewi')
    form = ChecklistForm(name='Ratna Sari Dewi', phone='081377665544', country='Hong Kong')
    saved = await add_checklist(runtime.store, secretariat.id, form, consent, checklist_id='cl-ratna', by=staff().id)
    return saved.record


async def test_she_is_written_down_under_her_consent_and_ticks_her_documents_as_she_brings_them(user: User) -> None:
    secretariat = await bumidaya()
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/persiapan')
    await user.should_see('4 dari 7 dokumen sudah dibawa')  # the demo's Lestari
    user.find(marker='add-checklist').click()
    await fill(user, **{'checklist-name': 'Ratna Sari Dewi', 'checklist-phone': '0813 7766 5544',
                        'checklist-country': 'Hong Kong', 'consent-giver-name': 'Ratna Sari Dewi'})  # fmt: skip
    user.find(marker='save-checklist').click()
    await user.should_see('Tanpa persetujuan data tidak disimpan')
    assert not any(c.name == 'Ratna Sari Dewi' for c in runtime.store.all(Checklist))
    user.find(marker='consent-agreed').click()
    user.find(marker='save-checklist').click()
    await user.should_see(marker='checklist-title')
    made = next(c for c in runtime.store.all(Checklist) if c.name == 'Ratna Sari Dewi')
    assert (made.phone, made.consent.giver, made.ticked, made.completed_on) == (
        '081377665544', ConsentGiver.SELF, {}, None,
    )  # fmt: skip
    await user.should_see('0 dari 7 dokumen sudah dibawa')
    only(user, 'tick-ktp').set_value(True)
    await user.should_see('1 dari 7 dokumen sudah dibawa')
    only(user, 'tick-kk').set_value(True)
    await user.should_see('2 dari 7 dokumen sudah dibawa')
    await user.should_see('dibawa 7 Des 2026')
    ticked = runtime.store.get(Checklist, made.id)
    assert ticked is not None and ticked.ticked == {'ktp': TODAY, 'kk': TODAY}
    only(user, 'tick-kk').set_value(False)
    await user.should_see('1 dari 7 dokumen sudah dibawa')
    actions = [e.action for e in runtime.store.all(AuditEntry) if e.target == made.id]
    assert sorted(actions) == ['register.checklist_create', *['register.checklist_tick'] * 3, 'register.checklist_view']


async def test_the_last_document_completes_the_list_on_that_day(user: User) -> None:
    checklist = await ratna()
    secretariat = await bumidaya()
    for key in DEFAULT_DOCUMENTS[:-1]:
        checklist = await tick(runtime.store, secretariat.id, checklist.id, key, brought=True, on=TODAY, by=staff().id)
    assert checklist.completed_on is None
    last = dt.date(2026, 12, 10)
    done = await tick(runtime.store, secretariat.id, checklist.id, 'paspor', brought=True, on=last, by=staff().id)
    assert done.completed_on == last
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/persiapan/{checklist.id}')
    await user.should_see('Lengkap: 7 dari 7 dokumen')


async def test_her_sheet_is_one_page_with_her_documents_ticked_and_the_route(user: User) -> None:
    checklist = await ratna()
    secretariat = await bumidaya()
    for key in ('ktp', 'paspor'):
        await tick(runtime.store, secretariat.id, checklist.id, key, brought=True, on=TODAY, by=staff().id)
    await open_as(user, SECRETARIAT, '/')
    answer = await user.http_client.get(f'/export/secretariat/{secretariat.id}/checklist/{checklist.id}.pdf')
    assert answer.status_code == 200 and answer.headers['content-type'] == 'application/pdf'
    assert len(PdfReader(io.BytesIO(answer.content)).pages) == 1
    text = flat(pdf_text(answer.content))
    for expected in (
        'SEKRETARIAT PMI PURNA DESA BUMIDAYA', 'BEKERJA KE LUAR NEGERI LEWAT JALUR RESMI', 'Ratna Sari Dewi',
        'Hong Kong', 'KTP (Kartu Tanda Penduduk) (dibawa 7 Des 2026)', 'Paspor (dibawa 7 Des 2026)',
        'Kartu Keluarga (KK)', '2 dari 7 dokumen sudah dibawa', 'Daftar sebagai calon PMI',
        'Ikut Orientasi Pra Pemberangkatan (OPP)', 'BP3MI Lampung', 'Dinas Tenaga Kerja Kabupaten Lampung Selatan',
        'Layanan Terpadu Satu Atap (LTSA)', '0800-1000', 'Jangan berangkat bekerja dengan visa turis',
    ):  # fmt: skip
        assert expected in text, expected
    assert 'Kartu Keluarga (KK) (dibawa' not in text
    printed = [e for e in runtime.store.all(AuditEntry) if e.target == checklist.id and e.action.endswith('_print')]
    assert len(printed) == 1 and printed[0].after is None


async def test_the_blank_sheet_of_the_legal_route_names_nobody(user: User) -> None:
    secretariat = await bumidaya()
    await open_as(user, SECRETARIAT, '/')
    answer = await user.http_client.get(f'/export/secretariat/{secretariat.id}/persiapan.pdf')
    assert answer.status_code == 200
    assert len(PdfReader(io.BytesIO(answer.content)).pages) == 1
    text = flat(pdf_text(answer.content))
    assert 'Dokumen yang perlu disiapkan' in text and 'Tempat mendaftar' in text and 'dibawa' not in text
    for checklist in runtime.store.all(Checklist):
        assert checklist.name not in text


def test_a_long_list_of_long_names_still_fits_one_page() -> None:
    names = tuple(DocumentLine(f'Dokumen tambahan nomor {n} dengan nama yang sangat panjang sekali', None)
                  for n in range(30))  # fmt: skip
    sheet = RouteSheet(
        kop=Kop('Sekretariat PMI Purna Desa Bumidaya', 'Desa Bumidaya, Kec. Palas', '081300009001'),
        guide=_guide_text_without_store(), documents=names, printed=TODAY,
        holder=Holder('Ratna Sari Dewi', 'Hong Kong', '081377665544'),
    )  # fmt: skip
    body = departure_pdf(sheet)
    assert len(PdfReader(io.BytesIO(body)).pages) == 1
    assert 'nomor 29' in flat(pdf_text(body))


def _guide_text_without_store() -> GuideText:
    """The route's words, with three offices whose names and addresses run long."""
    offices = tuple(OfficeText(t(f'departure.office.{k}', 'id'), 'Kantor panjang ' * 5, 'Jalan ' * 8, '0721-123456')
                    for k in ('ltsa', 'bp3mi', 'disnaker'))  # fmt: skip
    return GuideText(
        documents=(), steps=tuple((t(f'departure.step.{k}', 'id'), t(f'departure.step.{k}.text', 'id'))
                                  for k in ROUTE_STEPS),
        warnings=tuple(t(f'departure.warn.{k}', 'id') for k in WARNINGS), offices=offices,
        helplines=('Layanan pengaduan PMI dari Indonesia: 0800-1000',),
    )  # fmt: skip


async def test_staff_keep_their_own_list_and_a_new_document_reopens_a_complete_list(user: User) -> None:
    secretariat = await bumidaya()
    complete = next(c for c in runtime.store.all(Checklist) if c.completed_on is not None)  # the demo's Yuni
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/persiapan')
    user.find(marker='guide').click()
    await fill(user, **{'document-6': 'Paspor (asli dan fotokopi)'})
    user.find(marker='add-document').click()
    await fill(user, **{'document-7': 'Sertifikat pelatihan bahasa'})
    user.find(marker='save-guide').click()
    await user.should_see('Tersimpan')
    guide = guide_of(runtime.store, secretariat.id)
    assert [d.key for d in guide.documents][:7] == list(DEFAULT_DOCUMENTS)
    renamed, added = guide.documents[6:8]
    assert (renamed.label, added.label) == ('Paspor (asli dan fotokopi)', 'Sertifikat pelatihan bahasa')
    assert guide.documents[0].label == ''  # the law's name, kept as a key: read in her language
    reopened = runtime.store.get(Checklist, complete.id)
    assert reopened is not None and reopened.completed_on is None and reopened.ticked == complete.ticked
    english = guide_text(runtime.store, secretariat, 'en')
    assert english.documents[0] == 'Identity card (KTP)' and english.documents[7] == 'Sertifikat pelatihan bahasa'


async def test_an_office_number_that_is_no_number_is_refused_beside_it(user: User) -> None:
    secretariat = await bumidaya()
    with pytest.raises(ValueError):
        Office(name='Disnaker', phone='telepon kantor')
    await open_as(user, SECRETARIAT, f'/sekretariat/{secretariat.id}/persiapan')
    user.find(marker='guide').click()
    await fill(user, **{'office-disnaker-phone': 'telepon kantor'})
    user.find(marker='save-guide').click()
    await user.should_see('Nomor telepon tidak valid')
    assert error_of(user, 'office-disnaker-phone').startswith('Nomor telepon tidak valid')  # type: ignore[union-attr]
    assert guide_of(runtime.store, secretariat.id).disnaker.phone == ''


async def test_the_public_page_gets_the_route_as_data_and_nothing_about_anyone(user: User) -> None:
    secretariat = await bumidaya()
    guide = public_guide(runtime.store, secretariat.id)
    assert [d.key for d in guide.documents] == list(DEFAULT_DOCUMENTS) and guide.steps == ROUTE_STEPS
    assert [kind for kind, _ in guide.offices] == ['ltsa', 'bp3mi', 'disnaker']
    words = guide_text(runtime.store, secretariat, 'id')
    assert words.documents[2].startswith('Surat izin keluarga') and len(words.steps) == len(ROUTE_STEPS)
    assert 'Layanan pengaduan PMI dari Indonesia: 0800-1000' in words.helplines
    assert not any(c.name in repr(words) for c in runtime.store.all(Checklist))
    page = (await user.http_client.get(f'/sekretariat/{secretariat.slug}')).text  # the public page carries it
    assert '<details class="box" id="jalur-resmi">' in page and escape(words.documents[2]) in page
    assert all(escape(title) in page for title, _ in words.steps) and escape(words.offices[0].name) in page
    assert not any(c.name in page for c in runtime.store.all(Checklist))  # nobody's checklist
    english = (await user.http_client.get(f'/sekretariat/{secretariat.slug}?lang=en')).text
    assert escape(guide_text(runtime.store, secretariat, 'en').steps[0][0]) in english


def test_a_document_listed_twice_is_refused() -> None:
    with pytest.raises(ValidationError):
        DepartureGuide(id='s', documents=[DocumentItem(key='ktp'), DocumentItem(key='ktp', label='KTP lagi')])


async def test_route_sheet_collects_from_the_store(user: User) -> None:
    secretariat = await bumidaya()
    sheet = route_sheet(runtime.store, secretariat, TODAY)
    assert sheet.holder is None and [d.brought for d in sheet.documents] == [None] * 7
    assert sheet.kop.agency == 'Sekretariat PMI Purna Desa Bumidaya' and sheet.kop.phone == '081300009001'
    await save_guide(runtime.store, secretariat.id, [DocumentItem(key='ktp')], {}, by=staff().id)
    assert [d.name for d in route_sheet(runtime.store, secretariat, TODAY).documents] == ['KTP (Kartu Tanda Penduduk)']
