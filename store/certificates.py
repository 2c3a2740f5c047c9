"""Completion certificates: who has earned one, and issuing it once per trainee per programme."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models.attendance import PRESENT, Attendance, attendance_rate
from models.base import DomainError
from models.certificate import Certificate, CertifiedSkill, certificate_number
from models.programme import Day, Programme
from models.skills import Level

from .audit import change_entry
from .engine import Store
from .skills import curriculum_names, latest, programme_skills
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
    return standings(store, programme_id, [participant_id])[participant_id]


def standings(store: Store, programme_id: str, participant_ids: list[str]) -> dict[str, Eligibility]:
    """`eligibility` of each of `participant_ids`, the programme's skills, marks and days read once for all."""
    programme = store.get(Programme, programme_id)
    if programme is None or any(p not in programme.participant_ids for p in participant_ids):
        raise DomainError('not_found')
    skills = [skill for _, placed in curriculum_names(store, programme_id) for skill in placed]
    marks = latest(store, programme_id)
    days = store.ids(Day, 'programme', programme_id)
    bar = programme.attendance_bar_percent
    result = {}
    for participant_id in participant_ids:
        missing = [
            skill.name
            for skill in skills
            if (mark := marks.get((participant_id, skill.id))) is None or not Level(mark.level).competent
        ]
        percent = _attendance_percent(store, days, participant_id)
        ok = bool(skills) and not missing and percent >= bar
        result[participant_id] = Eligibility(ok, len(skills) - len(missing), len(skills), percent, bar, missing)
    return result


def attendance_percent(store: Store, programme_id: str, participant_id: str) -> int:
    """Her attendance over all the programme's days (`models.attendance.attendance_rate`; 0 without days)."""
    return _attendance_percent(store, store.ids(Day, 'programme', programme_id), participant_id)


def _attendance_percent(store: Store, days: frozenset[str], participant_id: str) -> int:
    if not days:
        return 0
    present = sum(
        1
        for record in store.raw_by_index(Attendance, 'participant', participant_id)
        if record['day_id'] in days and record['status'] in PRESENT
    )
    return attendance_rate(present, len(days)) or 0


def certificate_of(store: Store, programme_id: str, participant_id: str) -> Certificate | None:
    """Her certificate for this programme, if one was issued."""
    found = [c for c in store.by_index(Certificate, 'participant', participant_id) if c.programme_id == programme_id]
    return min(found, key=lambda c: (c.issued_on, c.id)) if found else None


async def issue_certificates(
    store: Store, programme_id: str, participant_ids: list[str], by: str, *, issued_on: dt.date
) -> list[Certificate]:
    """Issue the certificates of those named who have earned one and have none yet, in the order named: each
    numbered next in the programme's issue order (never reused) in the agency's format, dated `issued_on`.
    Those issued before keep theirs; one who has not earned it is refused with `certificate_not_earned`
    (naming what is missing), and then nothing is issued."""
    now = dt.datetime.now(dt.UTC)

    def stage(tx: Tx) -> list[Certificate]:
        programme = tx.require(Programme, programme_id)
        issued = {c.participant_id: c for c in _issued(store, programme_id)}
        seq = max((c.seq for c in issued.values()), default=0)
        marks = latest(store, programme_id)
        made = []
        for participant_id in dict.fromkeys(participant_ids):
            if participant_id in issued:
                continue
            standing = eligibility(store, programme_id, participant_id)
            if not standing.ok:
                raise DomainError(
                    'certificate_not_earned', missing=', '.join(standing.missing) or '–',
                    attendance=standing.attendance_percent, bar=standing.bar,
                )  # fmt: skip
            seq += 1
            certificate = Certificate(
                programme_id=programme_id, participant_id=participant_id, issued_on=issued_on, issued_by=by,
                seq=seq,
                number=certificate_number(
                    programme.certificate_pattern, seq=seq, agency_code=programme.agency_code, issued_on=issued_on
                ),
                skills=[
                    CertifiedSkill(name=skill.name, level=Level(marks[(participant_id, skill.id)].level))
                    for skill in programme_skills(store, programme_id)
                ],
                attendance_percent=standing.attendance_percent,
            )  # fmt: skip
            tx.put(certificate)
            change_entry(tx, None, certificate, by=by, action='certificate.issue', at=now, programme_id=programme_id)
            made.append(certificate)
        return made

    return await store.transact(stage)


def _issued(store: Store, programme_id: str) -> list[Certificate]:
    return [c for c in store.all(Certificate) if c.programme_id == programme_id]


def issued_in_order(store: Store, programme_id: str) -> list[Certificate]:
    """The programme's certificates in issue order, for printing them all."""
    return sorted(_issued(store, programme_id), key=lambda c: (c.seq, c.issued_on, c.id))
