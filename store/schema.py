"""Which model lives in which table, and the indexes kept for each table.

Later features add their models here; the store refuses a model it does not know, so nothing lands in
a table by accident.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache
from typing import Any

from models.account import Account, Session
from models.aid import AidItem, Handover
from models.attendance import Attendance, Card
from models.audit import AuditEntry
from models.base import Record
from models.business import Expense, GroupExpense, GroupSale, Harvest, Product, Sale, Shop
from models.certificate import Certificate
from models.departure import Checklist, DepartureGuide
from models.helpdesk import HelpdeskMessage
from models.market_prices import Commodity, MarketPrice
from models.notices import Notice, NoticeInterest, NoticesSeen
from models.orders import Customer, Order
from models.participant import Group, Participant
from models.programme import Day, Programme
from models.register import Case, FamilyContact, RegisterEntry
from models.secretariat import Secretariat
from models.skills import Mark, Placement, PriceOverride, Skill

from .indexes import Index, MultiIndex, OwnedIndex, field_key, member_key, month_key

TABLES: dict[type[Record], str] = {
    Account: 'accounts',
    Session: 'sessions',
    Programme: 'programmes',
    Day: 'days',
    Participant: 'participants',
    Group: 'groups',
    Product: 'products',
    Sale: 'sales',
    Expense: 'expenses',
    Harvest: 'harvests',
    GroupSale: 'group_sales',
    GroupExpense: 'group_expenses',
    Shop: 'shops',
    Attendance: 'attendance',
    Card: 'cards',
    AuditEntry: 'audit',
    Skill: 'skills',
    Placement: 'placements',
    Mark: 'marks',
    PriceOverride: 'price_overrides',
    Certificate: 'certificates',
    AidItem: 'aid_items',
    Handover: 'aid_handovers',
    Order: 'orders',
    Customer: 'customers',
    Secretariat: 'secretariats',
    Notice: 'notices',  # a secretariat's notice board
    NoticeInterest: 'notice_interest',  # her "Saya tertarik", one a person a notice
    NoticesSeen: 'notices_seen',  # what each person has seen of the boards that reach her
    HelpdeskMessage: 'helpdesk_messages',  # sensitive: its secretariat's staff and coordinators only
    Commodity: 'commodities',  # those staff added; the built-in ones are models.market_prices.BUILT_IN
    MarketPrice: 'market_prices',
    # sensitive, its secretariat's staff and coordinators only (models/register.py, models/departure.py)
    RegisterEntry: 'register_entries',
    FamilyContact: 'family_contacts',
    Case: 'referral_cases',
    Checklist: 'departure_checklists',
    DepartureGuide: 'departure_guides',  # a secretariat's list of documents and offices, by its id
}

META_TABLE = '_meta'


def make_indexes() -> list[Index]:
    """Fresh, empty indexes; the engine fills them on open and keeps them current."""
    return [
        Index('accounts', 'username', field_key('username')),
        Index('accounts', 'participant', field_key('participant_id')),
        Index('sessions', 'account', field_key('account_id')),
        MultiIndex('programmes', 'instructor', member_key('instructor_ids')),
        MultiIndex('programmes', 'participant', member_key('participant_ids')),
        Index('days', 'programme', field_key('programme_id')),
        Index('participants', 'phone', field_key('phone')),
        Index('participants', 'group', field_key('group_id')),
        Index('groups', 'programme', field_key('programme_id')),
        Index('products', 'participant', field_key('participant_id')),
        Index('sales', 'participant_month', month_key('participant_id', 'at')),
        Index('expenses', 'participant_month', month_key('participant_id', 'at')),
        Index('harvests', 'group_month', month_key('group_id', 'date')),
        Index('group_sales', 'group_month', month_key('group_id', 'date')),
        Index('group_expenses', 'group_month', month_key('group_id', 'date')),
        Index('sales', 'owed', owed_key),
        OwnedIndex('sales', 'buyer', buyer_index_key, via='participant_month'),  # filed for a seller when asked
        Index('shops', 'slug', field_key('slug')),
        Index('orders', 'participant', field_key('participant_id')),
        Index('customers', 'participant', field_key('participant_id')),
        Index('attendance', 'day', field_key('day_id')),
        Index('attendance', 'participant', field_key('participant_id')),
        Index('attendance', 'programme', field_key('programme_id')),
        Index('cards', 'participant', field_key('participant_id')),
        Index('audit', 'programme', field_key('programme_id')),
        Index('audit', 'target', field_key('target')),
        Index('placements', 'programme', field_key('programme_id')),
        Index('placements', 'day', field_key('day_id')),
        Index('marks', 'programme', field_key('programme_id')),
        Index('marks', 'participant', field_key('participant_id')),
        Index('certificates', 'participant', field_key('participant_id')),
        Index('aid_items', 'programme', field_key('programme_id')),
        Index('aid_handovers', 'programme', field_key('programme_id')),
        Index('aid_handovers', 'participant', field_key('participant_id')),
        Index('aid_handovers', 'group', field_key('group_id')),
        Index('secretariats', 'slug', field_key('slug')),
        MultiIndex('secretariats', 'staff', member_key('staff_ids')),
        MultiIndex('secretariats', 'group', member_key('group_ids')),
        MultiIndex('secretariats', 'programme', member_key('programme_ids')),
        Index('notices', 'secretariat', field_key('secretariat_id')),
        Index('notice_interest', 'notice', field_key('notice_id')),
        Index('helpdesk_messages', 'secretariat', field_key('secretariat_id')),
        Index('commodities', 'key', field_key('key')),
        Index('market_prices', 'month', price_month_key),
        Index('register_entries', 'secretariat', field_key('secretariat_id')),
        Index('family_contacts', 'secretariat', field_key('secretariat_id')),
        Index('family_contacts', 'entry', field_key('entry_id')),
        Index('referral_cases', 'secretariat', field_key('secretariat_id')),
        Index('referral_cases', 'entry', field_key('entry_id')),
        Index('departure_checklists', 'secretariat', field_key('secretariat_id')),
    ]


def buyer_key(name: str, phone: str) -> str:
    """Who a buyer is in her book: her phone number, or, without one, her name as she wrote it (any case)."""
    return phone or f'name:{name.strip().casefold()}'


def buyer_index_key(doc: dict[str, Any]) -> Hashable | None:
    """Her sales to one buyer (`(seller, buyer_key)`), so a customer's page never reads every month."""
    name = doc.get('buyer')
    if not name:
        return None
    return (doc.get('participant_id'), doc.get('buyer_phone') or _name_key(name))


@lru_cache(maxsize=1 << 16)
def _name_key(name: str) -> str:
    """`buyer_key` of a buyer without a phone, worked out once a name: start-up files a million sales, and their
    keys share the one string."""
    return buyer_key(name, '')


def price_month_key(doc: dict[str, Any]) -> Hashable | None:
    """A secretariat's prices of one commodity in one month (`(secretariat, commodity, 'YYYY-MM')`): a chart of 90
    days reads four months, never the whole table."""
    return (doc.get('secretariat_id'), doc.get('commodity'), str(doc.get('date', ''))[:7])


def owed_key(doc: dict[str, Any]) -> Hashable | None:
    """Her sales still owed to her (unpaid, not deleted), so "who owes me" never reads every month."""
    return doc.get('participant_id') if not doc.get('paid', True) and not doc.get('deleted') else None


def table_of(model: type[Record]) -> str:
    try:
        return TABLES[model]
    except KeyError:
        raise TypeError(f'{model.__name__} has no table in store/schema.py') from None
