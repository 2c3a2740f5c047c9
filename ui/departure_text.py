"""The legal route to work abroad in words, in her language: the documents on a secretariat's list, the steps,
what to beware of, and where to register. One source for the checklist pages, the printed sheet
(`ui/documents/departure.py`) and the secretariat's public page.

For the public page: `guide_text(store, secretariat, lang)` gives everything as plain strings (nothing about
anyone), ready to escape into HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.departure import DocumentItem
from models.secretariat import Secretariat
from store import Store
from store.departure import public_guide

from .i18n import t

WARNINGS = ('visa', 'biaya', 'dokumen')  # `departure.warn.<key>`


@dataclass(frozen=True)
class OfficeText:
    kind: str  # what the office is for her: `Daftar dan pelatihan (LTSA)`
    name: str
    address: str
    phone: str


@dataclass(frozen=True)
class GuideText:
    documents: tuple[str, ...]
    steps: tuple[tuple[str, str], ...]  # (title, what she does)
    warnings: tuple[str, ...]
    offices: tuple[OfficeText, ...]  # those the secretariat has named
    helplines: tuple[str, ...]  # the agency's hotline from home and from abroad, the secretariat's WhatsApp


def document_name(item: DocumentItem, lang: str | None = None) -> str:
    """The name staff gave it, else the law's list's (`departure.doc.<key>`)."""
    return item.label or t(f'departure.doc.{item.key}', lang)


def guide_text(store: Store, secretariat: Secretariat, lang: str | None = None) -> GuideText:
    """The secretariat's guide to the legal route, in `lang`."""
    guide = public_guide(store, secretariat.id)
    offices = tuple(
        OfficeText(t(f'departure.office.{kind}', lang), office.name, office.address, office.phone)
        for kind, office in guide.offices
        if office.name
    )
    helplines = []
    if secretariat.agency_phone:
        helplines.append(t('departure.helpline', lang, phone=secretariat.agency_phone))
    if secretariat.agency_phone_abroad:
        helplines.append(t('departure.helpline_abroad', lang, phone=secretariat.agency_phone_abroad))
    if secretariat.wa_number:
        helplines.append(t('departure.secretariat_wa', lang, name=secretariat.name, phone=secretariat.wa_number))
    return GuideText(
        documents=tuple(document_name(item, lang) for item in guide.documents),
        steps=tuple((t(f'departure.step.{key}', lang), t(f'departure.step.{key}.text', lang)) for key in guide.steps),
        warnings=tuple(t(f'departure.warn.{key}', lang) for key in WARNINGS),
        offices=offices,
        helplines=tuple(helplines),
    )
