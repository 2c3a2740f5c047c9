"""The list of an aid item's recipients for the SPJ (issue 16): everyone it was handed to, with a signature column,
the total, and the programme's responsible official's sign-off; a cancelled handover is not on it."""

from __future__ import annotations

import io

import pytest
from nicegui.testing import User
from pypdf import PdfReader

from models.participant import Participant
from models.programme import ProgrammeKind
from store.accounts import find_account
from store.aid import cancel_handover, hand_over, handovers_of
from ui.runtime import runtime

from .conftest import COORDINATOR, INSTRUCTOR, demo_programme, flat, log_in

pytestmark = pytest.mark.demo


async def test_the_recipients_of_an_item_on_one_list_with_a_signature_column_and_the_total(user: User) -> None:
    store = await runtime.ready()
    kue = demo_programme(store, ProgrammeKind.KUE)
    coordinator = find_account(store, COORDINATOR[0])
    assert coordinator is not None
    handed = [h for h in handovers_of(store, kue.id) if h.item_id == 'bantuan-paket-kue']
    waiting = [pid for pid in kue.participant_ids if pid not in {h.participant_id for h in handed}]
    [wrong] = await hand_over(
        store, 'bantuan-paket-kue', recipients=waiting[:1], handed_on=kue.start, by=coordinator.id
    )
    await cancel_handover(store, wrong.id, by=coordinator.id, reason='salah orang')

    await log_in(user, *COORDINATOR)
    response = await user.http_client.get('/export/aid-recipients/bantuan-paket-kue.pdf')
    assert response.status_code == 200 and response.headers['content-type'] == 'application/pdf'
    pages = [flat(page.extract_text()) for page in PdfReader(io.BytesIO(response.content)).pages]
    text = ' '.join(pages)
    assert 'DAFTAR PENERIMA BANTUAN' in text and 'Paket peralatan usaha kue' in text
    for handover in handed:
        person = store.get(Participant, handover.participant_id or '')
        assert person is not None and person.name in text
    cancelled = store.get(Participant, waiting[0])
    assert cancelled is not None and cancelled.name not in text  # the cancelled handover is not on the list
    assert f'Jumlah {len(handed)} paket' in text
    assert 'Mengetahui' not in text and 'Drs. H. Ahmad Fauzi, M.Si.' in pages[-1] and f'{len(handed)}.' in text

    await log_in(user, *INSTRUCTOR)
    assert (await user.http_client.get('/export/aid-recipients/bantuan-paket-kue.pdf')).status_code == 403
