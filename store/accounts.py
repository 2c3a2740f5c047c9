"""Accounts and sessions: log-in with lockout, sessions that can be ended, argon2 hashes.

Hashing and checking run in a worker thread (argon2 is slow on purpose); reading and writing the
records stays with the event loop and the writer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from models.account import Account, AccountForm, Role, Session, check_password, check_pin, normalise_username
from models.base import DomainError
from models.participant import Participant

from .audit import account_view, entry
from .engine import Store
from .schema import table_of
from .tx import Tx

_hasher = PasswordHasher()
# A real hash to check against when the username is unknown, so a wrong name costs as long as a wrong PIN.
_DUMMY = _hasher.hash('not-a-real-password')


def hash_secret(secret: str) -> str:
    return _hasher.hash(secret)


def secret_matches(secret_hash: str, secret: str) -> bool:
    """Whether `secret` opens an account with this hash (argon2: slow by design, call it off the event loop)."""
    return _verify(secret_hash, secret)


@lru_cache(maxsize=8)
def shared_demo_hash(secret: str) -> str:
    """One hash reused for many demo accounts: seeding stays fast. Never for real accounts."""
    return _hasher.hash(secret)


def _verify(secret_hash: str, secret: str) -> bool:
    try:
        return _hasher.verify(secret_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_account(store: Store, username: str) -> Account | None:
    ids = store.ids(Account, 'username', normalise_username(username))
    return store.get(Account, next(iter(ids))) if ids else None


def instructor_names(store: Store) -> dict[str, str]:
    """Every instructor's account id and name, by name: what a choice of instructors lists, read from the stored
    documents (validating every account, trainees too, cost a programme page more than its choice did)."""
    instructors = (doc for doc in store.raw(table_of(Account)).values() if doc['role'] == Role.INSTRUCTOR.value)
    return {doc['id']: doc['name'] for doc in sorted(instructors, key=lambda doc: doc['name'])}


async def authenticate(store: Store, username: str, secret: str, now: dt.datetime) -> Account:
    """The account if `secret` is right; else DomainError `login_failed`, `login_locked` or `login_disabled`.

    A lock is checked before the secret, so a locked account gives nothing away; every failure is
    saved, so locks survive a restart.
    """
    account = find_account(store, username)
    if account is not None and account.locked(now):
        raise DomainError('login_locked', minutes=account.minutes_locked(now))
    ok = await asyncio.to_thread(_verify, account.secret_hash if account else _DUMMY, secret)
    if account is None:
        raise DomainError('login_failed')
    account_id = account.id

    def record(tx: Tx) -> Account:
        current = tx.get(Account, account_id)
        assert current is not None
        updated = current.after_success() if ok else current.after_failure(now)
        if updated != current:
            tx.put(updated)
        if updated.locked(now) and not current.locked(now):  # the lock itself is a change worth a trail entry
            entry(tx, by='-', action='account.locked', target=account_id, at=now,
                  before=account_view(current), after=account_view(updated))  # fmt: skip
        return updated

    updated = await store.transact(record)
    if not ok:
        if updated.locked(now):
            raise DomainError('login_locked', minutes=updated.minutes_locked(now))
        raise DomainError('login_failed')
    if updated.disabled:
        raise DomainError('login_disabled')
    return updated


async def start_session(store: Store, account: Account, now: dt.datetime) -> tuple[str, Session]:
    """A new session; returns the cookie token (shown once, stored only as its hash) and the record."""
    token = secrets.token_urlsafe(32)
    session = Session(id=token_id(token), account_id=account.id, created=now, expires=now + account.session_length())
    await store.put(session)
    return token, session


def session_account(store: Store, token: str | None, now: dt.datetime) -> Account | None:
    """The account behind a cookie token, if the session is live and the account enabled."""
    if not token or len(token) > 200:
        return None
    session = store.get(Session, token_id(token))
    if session is None or not session.valid(now):
        return None
    account = store.get(Account, session.account_id)
    if account is None or account.disabled:
        return None
    return account


async def end_session(store: Store, token: str | None) -> None:
    if not token or len(token) > 200:
        return
    session_id = token_id(token)

    def revoke(tx: Tx) -> None:
        session = tx.get(Session, session_id)
        if session is not None and not session.revoked:
            tx.put(session.model_copy(update={'revoked': True}))

    await store.transact(revoke)


async def end_all_sessions(store: Store, account_id: str) -> int:
    """Log an account out everywhere (after a PIN reset, or when disabled)."""

    return await store.transact(lambda tx: _revoke_sessions(tx, store, account_id))


async def unlock(store: Store, account_id: str, *, by: str = '-') -> None:
    now = dt.datetime.now(dt.UTC)

    def clear(tx: Tx) -> None:
        account = tx.get(Account, account_id)
        if account is not None:
            tx.put(account.after_success())
            _audit(tx, by, 'account.unlock', account, account.after_success(), now)

    await store.transact(clear)


async def create_account(store: Store, form: AccountForm, *, by: str = '-') -> Account:
    """A new account from a coordinator's form; a trainee's username is her participant's phone."""
    username = form.username
    if form.role == Role.TRAINEE:
        participant = store.get(Participant, form.participant_id or '')
        if participant is None:
            raise DomainError('not_found')
        if not participant.phone:
            raise DomainError('participant_has_no_phone')
        username = participant.phone
    secret_hash = await asyncio.to_thread(hash_secret, form.secret)
    account = Account(
        username=username,
        name=form.name,
        role=form.role,
        secret_hash=secret_hash,
        participant_id=form.participant_id if form.role == Role.TRAINEE else None,
        nip=form.nip,
    )
    return await store.transact(lambda tx: stage_new_account(tx, store, account, by))


def stage_new_account(tx: Tx, store: Store, account: Account, by: str) -> Account:
    """Stage a new account and its trail entry in `tx` (another operation's transaction, when it comes with one:
    a secretariat's new staff member); `username_taken` or `participant_has_account` otherwise."""
    for other_id in store.ids(Account, 'username', account.username):
        if tx.exists(Account, other_id):
            raise DomainError('username_taken', username=account.username)
    if account.participant_id:
        for other_id in store.ids(Account, 'participant', account.participant_id):
            if tx.exists(Account, other_id):
                raise DomainError('participant_has_account')
    tx.put(account)
    _audit(tx, by, 'account.create', None, account, dt.datetime.now(dt.UTC))
    return account


async def reset_secret(store: Store, account_id: str, secret: str, *, by: str = '-') -> Account:
    """A new PIN or password; the account is unlocked and logged out everywhere."""
    account = store.get(Account, account_id)
    if account is None:
        raise DomainError('not_found')
    try:
        (check_pin if account.role == Role.TRAINEE else check_password)(secret)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    secret_hash = await asyncio.to_thread(hash_secret, secret)

    def save(tx: Tx) -> Account:
        current = tx.require(Account, account_id)
        updated = current.after_success().model_copy(update={'secret_hash': secret_hash})
        tx.put(updated)
        _revoke_sessions(tx, store, account_id)
        _audit(tx, by, 'account.reset_secret', current, updated, dt.datetime.now(dt.UTC))
        return updated

    return await store.transact(save)


async def set_disabled(store: Store, account_id: str, disabled: bool, *, by: str = '-') -> Account:
    """Disable (and log out everywhere) or enable again."""

    def save(tx: Tx) -> Account:
        current = tx.require(Account, account_id)
        updated = current.model_copy(update={'disabled': disabled})
        tx.put(updated)
        if disabled:
            _revoke_sessions(tx, store, account_id)
        _audit(tx, by, 'account.disable' if disabled else 'account.enable', current, updated, dt.datetime.now(dt.UTC))
        return updated

    return await store.transact(save)


def _revoke_sessions(tx: Tx, store: Store, account_id: str) -> int:
    count = 0
    for session_id in store.ids(Session, 'account', account_id):
        session = tx.get(Session, session_id)
        if session is not None and not session.revoked:
            tx.put(session.model_copy(update={'revoked': True}))
            count += 1
    return count


def _audit(tx: Tx, by: str, action: str, before: Account | None, after: Account, now: dt.datetime) -> None:
    """An account change in the trail, without its hashes (a reset shows only that the secret changed)."""
    entry(
        tx, by=by, action=action, target=after.id, at=now, before=account_view(before) if before else None,
        after=account_view(after) | ({'secret_changed': True} if action == 'account.reset_secret' else {}),
    )  # fmt: skip
