"""Check-in by the six digits under the rotating QR, for a trainee whose camera cannot read the projector.

Her home's "Ketik kode absen" box and `POST /api/checkin/code` both come here. The code names no day: it is
tried against each of her programmes' days that fall on today where the programme is, for the current slot
and the one before (as long as the QR of that slot would be taken). Five wrong codes within a minute lock
her box for a minute (per account, written in the trail), so six digits cannot be guessed.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from models.account import Account
from models.attendance import SHORT_CODE_DIGITS, Method, clean_digits, local_date, typed_code_slot
from models.base import DomainError
from models.programme import Day, Programme
from store import Store
from store.attendance import check_in
from store.audit import log_event

from . import auth
from .bodies import BadBody, parse_json
from .checkin import arrival_message, secret
from .format import local_time
from .i18n import error_text, request_lang, t
from .runtime import runtime

WRONG_LIMIT = 5
WINDOW = dt.timedelta(minutes=1)
LOCK = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Answer:
    """What a typed code did: the HTTP status (200, 422 wrong, 429 locked), the attendance status when she
    is checked in (`hadir`/`terlambat`), and the sentence she reads."""

    http: int
    status: str
    message: str


class Throttle:
    """Wrong codes per account in the last minute; five lock the box until a minute after the fifth."""

    def __init__(self) -> None:
        self.wrong: dict[str, deque[dt.datetime]] = {}

    def locked_until(self, account_id: str, now: dt.datetime) -> dt.datetime | None:
        times = self.wrong.get(account_id)
        if not times or len(times) < WRONG_LIMIT or now - times[-1] >= LOCK:
            return None
        return times[-1] + LOCK

    def failed(self, account_id: str, now: dt.datetime) -> bool:
        """Count a wrong code; True when this one locks the box."""
        times = self.wrong.setdefault(account_id, deque(maxlen=WRONG_LIMIT))
        while times and now - times[0] >= WINDOW:
            times.popleft()
        times.append(now)
        return len(times) == WRONG_LIMIT

    def passed(self, account_id: str) -> None:
        self.wrong.pop(account_id, None)


throttle = Throttle()


async def check_in_by_code(account: Account, typed: str, lang: str) -> Answer:
    """Judge her typed code and check her in on the day it belongs to."""
    now = auth.now()
    until = throttle.locked_until(account.id, now)
    if until is not None:
        seconds = max(1, int((until - now).total_seconds()))
        return Answer(429, 'locked', t('checkin.code_locked', lang, seconds=seconds))
    store = runtime.store
    code = clean_digits(typed, SHORT_CODE_DIGITS)
    day = _day_of_code(store, account, code, now) if code else None
    if day is None:
        return await _wrong(account, code is None, now, lang)
    throttle.passed(account.id)
    assert account.participant_id is not None
    try:
        done = await check_in(store, day.id, account.participant_id, arrived=now, how=Method.TYPED_CODE, by=account.id)
    except DomainError as error:
        return Answer(422, 'refused', error_text(error, lang))
    time = local_time(done.attendance.at, done.programme.zone)
    return Answer(200, done.attendance.status.value, arrival_message(done, time, lang))


def _day_of_code(store: Store, account: Account, code: str, now: dt.datetime) -> Day | None:
    """Her programme's day today whose code (this slot's or the last one's) she typed."""
    for programme in store.by_index(Programme, 'participant', account.participant_id or ''):
        for day in store.by_index(Day, 'programme', programme.id):
            if day.date == local_date(now, programme) and typed_code_slot(secret(), day.id, code, now) is not None:
                return day
    return None


async def _wrong(account: Account, malformed: bool, now: dt.datetime, lang: str) -> Answer:
    if throttle.failed(account.id, now):
        await log_event(
            runtime.store, by=account.id, action='checkin.code_locked', target=account.participant_id or account.id,
            note=f'{WRONG_LIMIT} kode salah dalam {int(WINDOW.total_seconds())} detik',
        )  # fmt: skip
        return Answer(429, 'locked', t('checkin.code_locked', lang, seconds=int(LOCK.total_seconds())))
    key = 'checkin.code_malformed' if malformed else 'checkin.code_wrong'
    return Answer(422, 'wrong', t(key, lang, digits=SHORT_CODE_DIGITS))


async def api_typed_code(request: Request) -> Response:
    """`POST /api/checkin/code` `{"code": "123456"}` for the logged-in trainee → `{"status", "message"}`."""
    await runtime.ready()
    lang = request_lang(request)
    try:
        body = parse_json(await request.body())
    except BadBody:
        body = None
    code = body.get('code') if isinstance(body, dict) else None
    if isinstance(code, int) and not isinstance(code, bool):
        code = f'{code:0{SHORT_CODE_DIGITS}d}'  # a script that sent the digits as a number
    if not isinstance(code, str):
        return _json(Answer(422, 'wrong', t('checkin.code_malformed', lang, digits=SHORT_CODE_DIGITS)))
    return _json(await check_in_by_code(request.state.account, code, lang))


def _json(answer: Answer) -> Response:
    return JSONResponse(
        {'status': answer.status, 'message': answer.message},
        status_code=answer.http,
        headers={'Cache-Control': 'no-store'},
    )
