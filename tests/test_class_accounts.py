"""Accounts for a whole class at once (issue 16): one tap makes every enrolled trainee's account with a fresh PIN,
and the log-in slips carry those PINs; the store keeps only their hashes."""

from __future__ import annotations

import io

import pytest
from nicegui.testing import User
from pypdf import PdfReader

from models.account import Account
from models.participant import Participant
from models.programme import ProgrammeKind
from store.accounts import _verify, find_account
from ui.pages.class_accounts import new_pin
from ui.runtime import runtime

from .conftest import COORDINATOR, demo_programme, log_in

pytestmark = pytest.mark.demo


async def test_one_tap_makes_the_missing_accounts_and_hands_out_slips_with_their_pins(user: User) -> None:
    store = await runtime.ready()
    kue = demo_programme(store, ProgrammeKind.KUE)
    newcomers = [Participant(name='Marni Susanti', phone='081299990001', village='Waliwis'),
                 Participant(name='Tuti Alawiyah', phone='081299990002', village='Waliwis')]  # fmt: skip
    no_phone = Participant(name='Ijah', village='Waliwis')  # no phone, no username: she is left out
    added = [p.id for p in [*newcomers, no_phone]]
    enrolled = kue.model_copy(update={'participant_ids': [*kue.participant_ids, *added]})
    await store.put(*newcomers, no_phone, enrolled)
    before = len(store.all(Account))

    await log_in(user, *COORDINATOR)
    await user.open(f'/programmes/{kue.id}/participants')
    await user.should_see('Buat akun untuk semua peserta (2 belum punya)')
    user.find(marker='make-accounts').click()
    slips = await user.download.next(timeout=10)

    assert len(store.all(Account)) == before + 2
    text = ' '.join(page.extract_text() for page in PdfReader(io.BytesIO(slips.content)).pages)
    for person in newcomers:
        account = find_account(store, person.phone)
        assert account is not None and account.participant_id == person.id and account.role == 'peserta'
        pin = text.split(person.phone, 1)[1].split('PIN', 1)[1].split()[0]
        assert len(pin) == 6 and pin.isdigit() and _verify(account.secret_hash, pin)
        assert pin not in account.model_dump_json()  # the store keeps its hash only
    assert 'Ijah' not in text and '/login' in text
    await user.should_not_see(marker='make-accounts')  # everyone with a phone has one now


def test_a_new_pin_is_six_digits_and_never_an_easy_guess() -> None:
    pins = [new_pin() for _ in range(2000)]
    assert all(len(p) == 6 and p.isdigit() for p in pins)
    assert not {'000000', '111111', '123456', '654321'} & set(pins)
    assert len(set(pins)) > 1990  # random, not a sequence
