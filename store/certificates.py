"""Completion certificates: who has earned one, and issuing it once per trainee per programme."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models.attendance import PRESENT, Attendance, attendance_rate
from models.base import DomainError
from models.certificate import Certificate, CertifiedSkill
from models.programme import Day, Programme
from models.skills import Level

from .audit import change_entry
from .engine import Store
from .skills import latest, programme_skills
from .tx import Tx


@dataclass(frozen=True)
class Eligibility:
    """Where she stands against the certificate's two conditions.

    `ok` needs every skill of the programme competent (latest mark Bisa or Mahir; a programme without
    skills has nothing to certify) and attendance at or above the programme's bar. `missing` names the
    skills not yet competent, in curriculum order.
    """

    ok: bool
    competent: int
    skills: int
    attendance_percent: int
    bar: int
    missing: list[str] = field(default_factory=list)

    @property
    def attendance_ok(self) -> bool:
        return self.attendance_percent >= self.bar


def eligibility(store: Store, programme_id: str, participant_id: str) -> Eligibility:
    """Her standing now. Attendance % = days present (Hadir or Terlambat) ÷ all the programme's days,
    rounded down: every day counts, also those still ahead, so nobody earns it before the last day's
    mark when the bar needs it, and rounding never lifts her over the bar."""
    programme = store.get(Programme, programme_id)
    if programme is None or participant_id not in programme.participant_ids:
        raise DomainError('not_found')
    skills = programme_skills(store, programme_id)
    marks = latest(store, programme_id)
    missing = [
        skill.name
        for skill in skills
        if (mark := marks.get((participant_id, skill.id))) is None or not Level(mark.level).competent
    ]
    percent = attendance_percent(store, programme_id, participant_id)
    bar = programme.attendance_bar_percent
    ok = bool(skills) and not missing and percent >= bar
    return Eligibility(ok, len(skills) - len(missing), len(skills), percent, bar, missing)


def attendance_percent(store: Store, programme_id: str, participant_id: str) -> int:
    """Her attendance over all the programme's days (`models.attendance.attendance_rate`; 0 without days)."""
    days = {day.id for day in store.by_index(Day, 'programme', programme_id)}
    if not days:
        return 0
    present = sum(
        1
        for record in store.by_index(Attendance, 'participant', participant_id)
        if record.day_id in days and record.status in PRESENT
    )
    return attendance_rate(present, len(days)) or 0


def certificate_of(store: Store, programme_id: str, participant_id: str) -> Certificate | None:
    """Her certificate for this programme, if one was issued."""
    found = [c for c in store.by_index(Certificate, 'participant', participant_id) if c.programme_id == programme_id]
    return min(found, key=lambda c: (c.issued_on, c.id)) if found else None


async def issue_certificate(
    store: Store, programme_id: str, participant_id: str, by: str, *, today: dt.date | None = None
) -> Certificate:
    """Her certificate: the one issued before, or a new one if she has earned it now.

    Refused with `certificate_not_earned` (naming the missing skills and her attendance) otherwise.
    Once issued it stays, with the skills and attendance of that day, and keeps its id, so the QR on
    a printed copy keeps working even if a later mark changes. `today` is the date where the programme is.
    """
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> Certificate:
        # Earlier transactions of the same batch are already in the engine and its indexes, so two
        # quick downloads still make one certificate.
        existing = certificate_of(store, programme_id, participant_id)
        if existing is not None:
            return existing
        programme = tx.require(Programme, programme_id)
        standing = eligibility(store, programme_id, participant_id)
        if not standing.ok:
            raise DomainError(
                'certificate_not_earned',
                missing=', '.join(standing.missing) or '–',
                attendance=standing.attendance_percent,
                bar=standing.bar,
            )
        marks = latest(store, programme_id)
        certificate = Certificate(
            programme_id=programme_id,
            participant_id=participant_id,
            issued_on=today or now.astimezone(programme.zone.tz).date(),
            issued_by=by,
            skills=[
                CertifiedSkill(name=skill.name, level=Level(marks[(participant_id, skill.id)].level))
                for skill in programme_skills(store, programme_id)
            ],
            attendance_percent=standing.attendance_percent,
        )
        tx.put(certificate)
        change_entry(tx, None, certificate, by=by, action='certificate.issue', at=now, programme_id=programme_id)
        return certificate

    return await store.transact(stage)
