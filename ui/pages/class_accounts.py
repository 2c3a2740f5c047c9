"""Accounts for a whole class at once, on a programme's participants page: every enrolled trainee with a phone
and no account yet gets one with a fresh 6-digit PIN, and the coordinator downloads the log-in slips to hand
out. The PINs are on those slips only (the store keeps their hashes)."""

from __future__ import annotations

import secrets

from nicegui import ui

from models.account import Account, AccountForm, Role
from models.base import DomainError
from models.participant import Participant
from models.programme import Programme
from store.accounts import create_account

from ..auth import acting
from ..documents.download import slug
from ..forms import notify_error
from ..i18n import current_lang, t
from ..runtime import runtime
from ..widgets import TapButton


def without_account(programme: Programme) -> list[Participant]:
    """Her enrolled trainees who have a phone and no account yet, by name."""
    store = runtime.store
    people = (store.get(Participant, i) for i in programme.participant_ids)
    return sorted(
        (p for p in people if p is not None and p.phone and not store.ids(Account, 'participant', p.id)),
        key=lambda p: p.name.lower(),
    )


def class_accounts_button(programme: Programme, after: object) -> None:
    """The button, when anyone is still without an account; `after()` refreshes the page's list."""
    waiting = without_account(programme)
    if waiting:
        make = lambda: make_accounts(programme.id, after)  # noqa: E731
        TapButton(t('slips.make', count=len(waiting)), 'key', make, mark='make-accounts').classes('full-width')


async def make_accounts(programme_id: str, after: object) -> None:
    from ..documents.login_slips import Slip, login_slips_pdf  # fpdf loads with the first paper (documents/)

    account = acting(lambda a: a.role == Role.COORDINATOR)
    programme = runtime.store.get(Programme, programme_id)
    if account is None or programme is None:
        return
    slips = []
    for person in without_account(programme):
        pin = new_pin()
        form = AccountForm(role=Role.TRAINEE, name=person.name, secret=pin, participant_id=person.id)
        try:
            made = await create_account(runtime.store, form, by=account.id)
        except DomainError as error:  # taken meanwhile (another tab): she keeps the account she has
            notify_error(error, kind='warning')
            continue
        slips.append(Slip(person.name, made.username, pin))
    if slips:
        address = str(ui.context.client.request.base_url).rstrip('/') + '/login'
        pdf = login_slips_pdf(programme.name, address, slips, current_lang())
        ui.download.content(pdf, t('slips.filename', 'id', slug=slug(programme.name)), 'application/pdf')
        ui.notify(t('slips.made', count=len(slips)), type='positive', multi_line=True)
    if callable(after):
        after()


def new_pin() -> str:
    """Six random digits, not an easy guess: not one digit six times, not a run up or down."""
    while True:
        pin = f'{secrets.randbelow(1_000_000):06d}'
        steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
        if len(set(pin)) > 1 and steps not in ({1}, {-1}):
            return pin
