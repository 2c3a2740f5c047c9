"""The certificates of a programme, on its page: who has earned one (and what the others still need), issuing
them one by one or all at once on a chosen date, and printing every issued one. Coordinators only."""

from __future__ import annotations

import datetime as dt

from nicegui import ui

from models.account import Role
from models.certificate import Certificate
from models.participant import Participant
from models.programme import Programme
from store.certificates import Eligibility, certificate_of, issue_certificates, standings

from ..auth import acting
from ..format import short_date
from ..forms import written
from ..i18n import t
from ..runtime import runtime
from ..widgets import Folded, TapButton


class CertificatesSection:
    def __init__(self, programme: Programme) -> None:
        self.programme_id = programme.id
        Folded(t('certs.title'), 'workspace_premium', lambda: self.build(programme), mark='certificates-section')

    def build(self, programme: Programme) -> None:
        ui.label(t('certs.hint')).classes('text-body2 text-grey-8')
        self.issued_on = (
            ui.input(t('certs.issued_on'), value=programme.end.isoformat())
            .props('outlined type=date stack-label')
            .classes('full-width')
            .mark('certs-date')
        )
        self.listing()

    @ui.refreshable_method
    def listing(self) -> None:
        store = runtime.store
        programme = store.get(Programme, self.programme_id)
        if programme is None:
            return
        people = sorted(
            (p for p in (store.get(Participant, i) for i in programme.participant_ids) if p), key=lambda p: p.name
        )
        # each trainee's certificate and standing, read once for the buttons and the rows
        standing = standings(store, programme.id, [p.id for p in people])
        states = {p.id: (certificate_of(store, programme.id, p.id), standing[p.id]) for p in people}
        waiting = [pid for pid, (issued, standing) in states.items() if issued is None and standing.ok]
        if waiting:
            TapButton(
                t('certs.issue_all', count=len(waiting)), 'verified', lambda: self.issue(waiting), mark='issue-all'
            ).classes('full-width')
        if any(issued is not None for issued, _ in states.values()):
            go = lambda: ui.download.from_url(f'/export/certificates/{programme.id}.pdf')  # noqa: E731
            TapButton(t('certs.print_all'), 'print', go, mark='print-certificates', look='outline').classes(
                'full-width'
            )
        for person in people:
            self.row(person, *states[person.id])

    def row(self, person: Participant, issued: Certificate | None, standing: Eligibility) -> None:
        with ui.row().classes('items-center no-wrap full-width').mark(f'cert-{person.id}'):
            with ui.column().classes('col q-gutter-none'):
                ui.label(person.name).classes('text-body1')
                if issued is not None:
                    line = t('certs.issued', number=issued.number or issued.id, date=short_date(issued.issued_on))
                elif standing.ok:
                    line = t('certs.eligible')
                else:
                    line = t('certs.not_yet', competent=standing.competent, skills=standing.skills,
                             attendance=standing.attendance_percent, bar=standing.bar)  # fmt: skip
                ui.label(line).classes('text-body2 text-grey-8')
            if issued is None and standing.ok:
                TapButton(t('certs.issue'), 'verified', lambda: self.issue([person.id]), mark=f'issue-{person.id}')

    async def issue(self, participant_ids: list[str]) -> None:
        account = acting(lambda a: a.role == Role.COORDINATOR)
        if account is None:
            return
        try:
            issued_on = dt.date.fromisoformat(self.issued_on.value or '')
        except ValueError:
            ui.notify(t('certs.bad_date'), type='negative')
            return
        done = issue_certificates(runtime.store, self.programme_id, participant_ids, account.id, issued_on=issued_on)
        if await written(done):
            ui.notify(t('certs.done', count=len(participant_ids)), type='positive')
            self.listing.refresh()
