"""The case and referral log (`/sekretariat/{id}/kasus`): a problem of someone abroad (unpaid wages, a worker out
of contact, signs of trafficking, violence, other), whom it is about, who reported it, to whom the secretariat
referred it (the migrant-worker agency's office BP3MI or its UPT, the social or manpower office, the police, a
migrant workers' forum) and when, and where it stands. Open cases first. Its staff and the coordinators only; the
list shown is noted in the trail by ids (`store/secretariat_logs.py`).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from fastapi import Response
from nicegui import ui

from models.register import OPEN_CASE, Case, CaseForm, CaseStatus, Problem, ReferredTo
from store.secretariat_logs import add_case, update_case

from ..format import short_date
from ..i18n import t
from ..runtime import runtime
from .register_frame import today
from .register_logs import LogScreen

STATUS_COLOURS = {
    CaseStatus.NEW: 'deep-orange-10', CaseStatus.REFERRED: 'amber-10', CaseStatus.HANDLED: 'primary',
    CaseStatus.RESOLVED: 'positive', CaseStatus.CLOSED: 'grey-8',
}  # fmt: skip
NOT_REFERRED = ''  # the select's choice for "not referred yet"


async def page(secretariat_id: str) -> Response | None:
    return await CasesScreen.page(secretariat_id)


def referred_text(case: Case) -> str:
    """`BP3MI / UPT P2MI`, or what staff wrote for another office."""
    if case.referred_to is None:
        return ''
    if case.referred_to == ReferredTo.OTHER and case.referred_to_other:
        return case.referred_to_other
    return t(f'register.referred.{case.referred_to.value}')


class CasesScreen(LogScreen):
    model = Case
    form = CaseForm
    kind = 'case'
    icon = 'report'

    def card(self, case: Case, whom: str) -> None:
        with ui.row().classes('items-center no-wrap full-width'):
            ui.icon('report' if case.status in OPEN_CASE else 'task_alt', size='28px', color='primary')
            ui.label(t(f'register.problem.{case.problem.value}')).classes('col text-body1 text-weight-medium')
            badge = ui.badge(t(f'register.status.{case.status.value}')).props('outline')
            badge.props['color'] = STATUS_COLOURS[case.status]
        ui.label(t('register.case.about', whom=whom, date=short_date(case.opened_on))).classes('text-body2')
        if case.reported_by:
            ui.label(t('register.case.reported', who=case.reported_by)).classes('text-body2 text-grey-8')
        if case.what:
            ui.label(case.what).classes('text-body2').style('white-space:pre-line')
        if case.referred_to is not None:
            when = short_date(case.referred_on) if case.referred_on else ''
            ui.label(t('register.case.referred_line', to=referred_text(case), date=when)).classes(
                'text-body2 text-weight-medium'
            )
        if case.outcome:
            ui.label(case.outcome).classes('text-body2').style('white-space:pre-line')
        if case.closed_on:
            ui.label(t('register.closed_on', date=short_date(case.closed_on))).classes('text-caption')

    def fields(self, case: Case | None) -> dict[str, Any]:
        problems = {p.value: t(f'register.problem.{p.value}') for p in Problem}
        offices = {NOT_REFERRED: t('register.case.not_referred')} | {
            r.value: t(f'register.referred.{r.value}') for r in ReferredTo
        }
        statuses = {s.value: t(f'register.status.{s.value}') for s in CaseStatus}
        day = today().isoformat()
        fields: dict[str, Any] = {
            'problem': ui.select(problems, value=(case.problem if case else Problem.UNPAID_WAGES).value,
                                 label=t('register.case.problem')),
            'opened_on': ui.input(t('register.case.opened_on'), value=case.opened_on.isoformat() if case else day)
            .props('type=date stack-label'),
        }  # fmt: skip
        self.for_whom(case)
        fields |= {
            'reported_by': ui.input(t('register.case.reported_by'), value=case.reported_by if case else ''),
            'what': ui.textarea(t('register.case.what'), value=case.what if case else ''),
            'referred_to': ui.select(offices, value=case.referred_to.value if case and case.referred_to else '',
                                     label=t('register.case.referred_to')),
            'referred_to_other': ui.input(t('register.case.referred_to_other'),
                                          value=case.referred_to_other if case else ''),
            'referred_on': ui.input(t('register.case.referred_on'),
                                    value=case.referred_on.isoformat() if case and case.referred_on else day)
            .props('type=date stack-label'),
            'status': ui.select(statuses, value=(case.status if case else CaseStatus.NEW).value,
                                label=t('register.case.status')),
            'outcome': ui.textarea(t('register.case.outcome'), value=case.outcome if case else ''),
            'closed_on': ui.input(t('register.closed_label'),
                                  value=case.closed_on.isoformat() if case and case.closed_on else day)
            .props('type=date stack-label'),
        }  # fmt: skip
        referred = fields['referred_to']
        fields['referred_to_other'].bind_visibility_from(referred, 'value', value=ReferredTo.OTHER.value)
        fields['referred_on'].bind_visibility_from(referred, 'value', backward=bool)
        fields['closed_on'].bind_visibility_from(
            fields['status'], 'value', backward=lambda value: value not in {s.value for s in OPEN_CASE}
        )
        return fields

    def add(self, form: CaseForm, record_id: str, by: str) -> Awaitable[Any]:
        return add_case(runtime.store, self.secretariat.id, form, record_id=record_id, by=by)

    def update(self, form: CaseForm, record_id: str, by: str) -> Awaitable[Any]:
        return update_case(runtime.store, self.secretariat.id, record_id, form, by=by)
