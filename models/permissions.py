"""Who may do what to which record: pure rules, asked by pages, routes and store operations alike.

The route table (`ui/routes.py`) lets people in by role. These rules answer the finer question, whether she may
act on *this* programme, group, handover or recipe card. They read only the records they are given, so a page,
a download route and a store transaction ask it the same way and cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from .account import Account, Role
from .aid import Handover
from .orders import Order
from .participant import Group
from .programme import Programme
from .secretariat import Secretariat


def is_trainee(account: Account) -> bool:
    """A trainee's account with her participant record behind it (her business, her aid, her progress)."""
    return account.role == Role.TRAINEE and bool(account.participant_id)


def may_see_transfer_proof(account: Account, order: Order) -> bool:
    """A buyer's proof of transfer on an order (her name and bank are on it): the seller alone. Not another
    trainee, not the staff: coordinators see her totals, never her buyers."""
    return is_trainee(account) and account.participant_id == order.participant_id


def may_see_sensitive(account: Account) -> bool:
    """A participant's category, NIK, former country, case notes and consents, and their before and after in the
    audit trail: coordinators only."""
    return account.role == Role.COORDINATOR


def may_run_day(account: Account, programme: Programme) -> bool:
    """Coordinators run every programme's days; an instructor the programmes she is assigned to."""
    return account.role == Role.COORDINATOR or (
        account.role == Role.INSTRUCTOR and account.id in programme.instructor_ids
    )


def may_keep_group_book(account: Account, group: Group, programme: Programme | None) -> bool:
    """A group's book (harvests, sales, costs): its members, the coordinators, and the instructors of the
    group's programme (`programme`, None when the group has none)."""
    if account.role == Role.COORDINATOR:
        return True
    if account.role == Role.TRAINEE:
        return bool(account.participant_id) and account.participant_id in group.member_ids
    return programme is not None and account.id in programme.instructor_ids


def may_correct_group_entry(account: Account, group: Group, programme: Programme | None, recorded_by: str) -> bool:
    """An entry of a group's book (`recorded_by`: the account that wrote it): she who wrote it, or the group's
    chair, while she may keep the book."""
    if not may_keep_group_book(account, group, programme):
        return False
    if recorded_by and account.id == recorded_by:
        return True
    return is_trainee(account) and account.participant_id == group.chair_id


def may_confirm(handover: Handover, participant_id: str | None, group: Group | None) -> bool:
    """She may confirm her own handover, and her group's (`group`: the handover's; the KWT's chair ticks for
    the group)."""
    if not participant_id:
        return False
    if handover.participant_id is not None:
        return handover.participant_id == participant_id
    return group is not None and participant_id in group.member_ids


def may_have_receipt(account: Account, handover: Handover, group: Group | None) -> bool:
    """The coordinators, and the recipient herself (or a member of the recipient group) while it stands."""
    if account.role == Role.COORDINATOR:
        return True
    return (
        account.role == Role.TRAINEE and not handover.cancelled and may_confirm(handover, account.participant_id, group)
    )


def may_see_recipe(account: Account, programmes: Iterable[Programme]) -> bool:
    """Coordinators: every card. Instructors and trainees: the cards placed in programmes (`programmes`) they
    teach or attend."""
    if account.role == Role.COORDINATOR:
        return True
    for programme in programmes:
        if account.role == Role.INSTRUCTOR and account.id in programme.instructor_ids:
            return True
        if account.role == Role.TRAINEE and account.participant_id in programme.participant_ids:
            return True
    return False


def may_have_certificate(account: Account, programme: Programme, participant_id: str) -> bool:
    """Her own certificate, for a trainee; any of a programme's, for those who run it."""
    if account.role == Role.TRAINEE:
        return account.participant_id == participant_id and participant_id in programme.participant_ids
    return may_run_day(account, programme)


SECRETARIAT_STAFF_ROLES = frozenset({Role.SECRETARIAT, Role.INSTRUCTOR, Role.COORDINATOR})


def may_set_up_secretariats(account: Account) -> bool:
    """Create a secretariat, change its settings, give it staff, link groups and programmes to it: coordinators."""
    return account.role == Role.COORDINATOR and not account.disabled


def may_join_secretariat_staff(account: Account) -> bool:
    """Who may be on a secretariat's staff: a *petugas sekretariat*, or an instructor or coordinator added to it;
    never a trainee (what a secretariat keeps about people abroad is not for her)."""
    return account.role in SECRETARIAT_STAFF_ROLES and not account.disabled


def may_serve_secretariat(account: Account, secretariat: Secretariat) -> bool:
    """A secretariat's pages, its notices, inbox and register: its own staff, and the coordinators (who see
    every secretariat). Staff of one secretariat see nothing of another."""
    if may_set_up_secretariats(account):
        return True
    return may_join_secretariat_staff(account) and account.id in secretariat.staff_ids


def may_erase_helpdesk_message(account: Account) -> bool:
    """Delete a help-desk message for good, on the request of whoever sent it (her right to erasure): coordinators,
    not the secretariat's staff, so a message is never lost to a slip of a busy desk."""
    return may_set_up_secretariats(account)


def may_see_market_prices(account: Account, secretariat: Secretariat, reached: Collection[str]) -> bool:
    """A secretariat's market prices, and recording a price she saw: its staff and the coordinators, and a trainee
    it reaches (`reached`: the participants of its linked groups and programmes, `store.secretariats`)."""
    if may_serve_secretariat(account, secretariat):
        return True
    return is_trainee(account) and not account.disabled and account.participant_id in reached


def may_keep_price_list(account: Account, secretariat: Secretariat) -> bool:
    """Its reference prices (typed or imported from the public panels), its commodities, and taking back any of its
    prices: its staff and the coordinators."""
    return may_serve_secretariat(account, secretariat)


def may_erase_from_register(account: Account) -> bool:
    """Erase for good, on the request of the person it is about, an entry of a secretariat's register, a family
    contact, a case or a pre-departure checklist: coordinators, as for a help-desk message."""
    return may_set_up_secretariats(account)
