"""The KWT's book lists its entries, and whoever wrote one down (or the group's chair) corrects or takes it back,
with Batalkan after each; every change is in the audit trail. Another member may not, in the page or the store."""

from __future__ import annotations

import datetime as dt

import pytest
from nicegui.testing import User

from models.account import Account, Role
from models.base import DomainError
from models.business import ExpenseCategory, GroupExpense
from models.participant import Group
from models.permissions import may_correct_group_entry
from models.programme import Programme
from store.accounts import find_account
from store.audit import AuditFilter, entries
from store.group_ledger import correct_group_entry, group_ledger, record_group_expense, take_back_group_entry
from ui.runtime import runtime

from .conftest import COORDINATOR, KWT_TRAINEE, her_participant_id, only, open_as

pytestmark = [pytest.mark.demo, pytest.mark.any_hour]  # entries are dated today

CHAIR = KWT_TRAINEE  # Carini chairs the demo's KWT
MEMBER = ('081300000002', '123456')
OTHER_MEMBER = ('081300000003', '123456')


def the_group() -> Group:
    [group] = runtime.store.all(Group)
    assert group.chair_id == her_participant_id(CHAIR[0])
    return group


def account_of(who: tuple[str, str]) -> Account:
    account = find_account(runtime.store, who[0])
    assert account is not None
    return account


def trail(action: str) -> list[tuple[str, str, dict | None, dict | None]]:
    """(by, target, before, after) of the trail's entries of `action`, oldest first."""
    found, _ = entries(runtime.store, AuditFilter(kind='ledger'))
    return [(e.by, e.target, e.before, e.after) for e in reversed(found) if e.action == action]


async def cost_written_down(user: User, who: tuple[str, str], amount: int = 50_000) -> GroupExpense:
    """`who` opens the group's book and writes down a transport cost of `amount`; the cost as saved."""
    await runtime.ready()
    group = the_group()
    await open_as(user, who, f'/kelompok/{group.id}')
    before = {e.id for e in runtime.store.all(GroupExpense)}
    user.find(marker='add-group-cost').click()
    only(user, 'cost-amount').value = amount
    user.find(marker='cost-note').type('Solar traktor')
    user.find(marker='save-ledger').click()
    await user.should_see('Tersimpan')
    [cost] = [e for e in runtime.store.all(GroupExpense) if e.id not in before]
    return cost


async def test_the_book_lists_entries_newest_first_with_who_wrote_each_down(user: User) -> None:
    cost = await cost_written_down(user, MEMBER)

    book = group_ledger(runtime.store, the_group().id, dt.date(2000, 1, 1), dt.date(2100, 1, 1))
    assert book.entries[0].record.id == cost.id and book.entries[0].by == account_of(MEMBER).name
    assert [e.record.date for e in book.entries] == sorted((e.record.date for e in book.entries), reverse=True)
    await user.should_see('Biaya Rp\u00a050.000')
    await user.should_see(f'dicatat oleh {account_of(MEMBER).name}')
    await user.should_see(marker=f'correct-{cost.id}')


async def test_she_corrects_her_own_entry_and_takes_it_back_each_undone_and_in_the_trail(user: User) -> None:
    cost = await cost_written_down(user, MEMBER)
    me = account_of(MEMBER).id

    user.find(marker=f'correct-{cost.id}').click()
    only(user, 'fix-amount').value = 65_000
    user.find(marker='save-correction').click()
    await user.should_see('Catatan dikoreksi.')
    assert runtime.store.get(GroupExpense, cost.id).amount == 65_000
    user.find(marker='undo').click()  # Batalkan: as it was
    await user.should_see('Dibatalkan')
    assert runtime.store.get(GroupExpense, cost.id).amount == 50_000
    corrections = trail('ledger.correct')
    assert [(by, target, b['amount'], a['amount']) for by, target, b, a in corrections] == [
        (me, cost.id, 50_000, 65_000),
        (me, cost.id, 65_000, 50_000),
    ]

    user.find(marker=f'take-back-{cost.id}').click()
    await user.should_see('Catatan dihapus.')
    assert runtime.store.get(GroupExpense, cost.id).deleted
    await user.should_not_see(marker=f'entry-{cost.id}')
    user.find(marker='undo').click()
    await user.should_see(marker=f'entry-{cost.id}')
    assert not runtime.store.get(GroupExpense, cost.id).deleted
    assert [(by, a['deleted']) for by, _, _, a in trail('ledger.undo')] == [(me, True)]
    assert [(by, a['deleted']) for by, _, _, a in trail('ledger.restore')] == [(me, False)]


async def test_a_taken_back_cost_leaves_the_books_figures(user: User) -> None:
    cost = await cost_written_down(user, MEMBER, amount=70_000)
    group = the_group()
    span = (dt.date(2000, 1, 1), dt.date(2100, 1, 1))
    with_it = group_ledger(runtime.store, group.id, *span)

    await take_back_group_entry(runtime.store, account_of(MEMBER), GroupExpense, cost.id, dt.datetime.now(dt.UTC))

    without = group_ledger(runtime.store, group.id, *span)
    assert without.expenses == with_it.expenses - 70_000 and without.net == with_it.net + 70_000
    assert cost.id not in {e.record.id for e in without.entries}


async def test_another_member_who_is_not_the_chair_may_not_correct_or_take_it_back(user: User) -> None:
    cost = await cost_written_down(user, MEMBER)
    user.http_client.cookies.clear()

    await open_as(user, OTHER_MEMBER, f'/kelompok/{the_group().id}')
    await user.should_see(marker=f'entry-{cost.id}')  # she sees it
    await user.should_not_see(marker=f'correct-{cost.id}')  # but has no pencil or bin on it
    await user.should_not_see(marker=f'take-back-{cost.id}')
    other, now = account_of(OTHER_MEMBER), dt.datetime.now(dt.UTC)
    changed = cost.model_copy(update={'amount': 1_000})
    with pytest.raises(DomainError) as refused:
        await correct_group_entry(runtime.store, other, changed, now)
    assert refused.value.key == 'not_your_entry'
    with pytest.raises(DomainError):
        await take_back_group_entry(runtime.store, other, GroupExpense, cost.id, now)
    assert runtime.store.get(GroupExpense, cost.id) == cost
    assert trail('ledger.correct') == trail('ledger.undo') == []


async def test_the_chair_corrects_a_members_entry_in_the_page_and_the_trail(user: User) -> None:
    cost = await cost_written_down(user, MEMBER)
    user.http_client.cookies.clear()

    await open_as(user, CHAIR, f'/kelompok/{the_group().id}')
    user.find(marker=f'correct-{cost.id}').click()
    only(user, 'fix-date').value = '2026-12-05'
    only(user, 'fix-note').value = 'Solar dan oli traktor'
    user.find(marker='save-correction').click()
    await user.should_see('Catatan dikoreksi.')

    saved = runtime.store.get(GroupExpense, cost.id)
    assert (saved.date, saved.note, saved.amount) == (dt.date(2026, 12, 5), 'Solar dan oli traktor', 50_000)
    assert saved.recorded_by == account_of(MEMBER).id  # still hers: the chair corrected it
    [(by, target, before, after)] = trail('ledger.correct')
    assert (by, target, before['note'], after['note']) == (account_of(CHAIR).id, cost.id, 'Solar traktor', saved.note)
    user.http_client.cookies.clear()
    await open_as(user, COORDINATOR, '/audit')  # the coordinator reads it in the trail, under the group's name
    await user.should_see('Catatan buku kelompok dikoreksi · KWT Melati Purna')


def test_who_may_correct_an_entry() -> None:
    group = Group(name='KWT Uji', programme_id='p', member_ids=['ani', 'budi', 'cici'], chair_id='cici')
    programme = Programme.model_construct(id='p', instructor_ids=['companion'])

    def member(pid: str) -> Account:
        return Account.model_construct(id=f'acc-{pid}', role=Role.TRAINEE, participant_id=pid)

    companion = Account.model_construct(id='companion', role=Role.INSTRUCTOR, participant_id=None)
    coordinator = Account.model_construct(id='koord', role=Role.COORDINATOR, participant_id=None)
    rule = lambda account, by: may_correct_group_entry(account, group, programme, by)  # noqa: E731
    assert rule(member('ani'), 'acc-ani')  # she wrote it
    assert not rule(member('budi'), 'acc-ani')  # another member
    assert rule(member('cici'), 'acc-ani')  # the chair
    assert rule(companion, 'companion') and not rule(companion, 'acc-ani')  # staff: their own entries
    assert not rule(coordinator, 'acc-ani') and not rule(coordinator, '')
    assert not rule(member('ani'), '')  # nobody is the writer of an entry with none
    outsider = Group(name='KWT Lain', member_ids=['budi'], chair_id='budi')
    assert not may_correct_group_entry(member('ani'), outsider, None, 'acc-ani')  # no longer in the group


async def test_a_correction_changes_only_the_amount_date_and_note(user: User) -> None:
    await runtime.ready()
    group = the_group()
    cost = GroupExpense(group_id=group.id, date=dt.date(2026, 12, 1), category=ExpenseCategory.TRANSPORT, amount=1_000)
    await record_group_expense(runtime.store, account_of(MEMBER), cost)

    sneaky = cost.model_copy(
        update={'amount': 2_000, 'group_id': 'another', 'recorded_by': account_of(OTHER_MEMBER).id}
    )
    await correct_group_entry(runtime.store, account_of(MEMBER), sneaky, dt.datetime.now(dt.UTC))

    saved = runtime.store.get(GroupExpense, cost.id)
    assert (saved.amount, saved.group_id, saved.recorded_by) == (2_000, group.id, account_of(MEMBER).id)
