"""The help desk's messages reach nobody but its staff and the coordinators: every page, download and JSON answer
an instructor, a trainee, a KWT member (her group is linked to the secretariat) and an anonymous visitor can open in
the demo is searched for every message's text, sender's name and number, and the staff's notes, and holds none.

The pages are the role matrix's (tests/test_role_matrix.py), so a page added there is searched here too."""

from __future__ import annotations

import io
import json

import pytest
from nicegui.testing import User
from openpyxl import load_workbook

from models.helpdesk import HelpdeskMessage, answer_digits
from models.participant import Group
from ui.runtime import runtime

from .conftest import INSTRUCTOR, KUE_TRAINEE, KWT_TRAINEE, OTHER_INSTRUCTOR, XLSX, log_in, pdf_text, route_ids
from .test_role_matrix import FILES, MATRIX, OTHER_CELLS

pytestmark = pytest.mark.demo

FRESH = {'jenis': 'pmi', 'nama': 'Ratnasari Qwv', 'no_hp': '+886 933 221 004', 'negara': 'Taiwan',
         'pesan': 'Paspor saya ditahan agen, kode yyk-2290.'}  # fmt: skip
WHO = {'anonymous': None, 'instructor': INSTRUCTOR, 'pendamping': OTHER_INSTRUCTOR, 'trainee': KUE_TRAINEE,
       'kwt': KWT_TRAINEE}  # fmt: skip
COLUMN = {'anonymous': 'anonymous', 'instructor': 'instructor', 'pendamping': 'instructor', 'trainee': 'trainee',
          'kwt': 'trainee'}  # fmt: skip


def secrets() -> list[str]:
    """What no one else may see: every message's name, number (as given and as dialled), text, and notes."""
    found = []
    for message in runtime.store.all(HelpdeskMessage):
        found += [message.name, message.phone, answer_digits(message.phone) or '', message.text]
        found += [note.text for note in message.notes]
    assert len(found) >= 6 * 4
    return [s for s in found if s]


def paths(column: str, ids: dict[str, str]) -> list[str]:
    """Every GET the role matrix serves to `column` (200), filled with demo ids."""
    served = [p for (m, p), row in (MATRIX | OTHER_CELLS).items() if m == 'GET' and row[column] == 200]
    group = next(iter(runtime.store.all(Group)))
    extra = [f'/kelompok/{group.id}', '/sekretariat/bumidaya', '/sekretariat/bumidaya?lang=en']
    return sorted({p.format(**ids, path=FILES.get(p, '')) for p in served} | set(extra))


def readable(content_type: str, body: bytes) -> str:
    """A download as a reader sees it: a PDF's text, a workbook's cells, anything else as text."""
    if content_type.startswith('application/pdf'):
        return pdf_text(body)
    if content_type.startswith(XLSX):
        book = load_workbook(io.BytesIO(body), read_only=True)
        return '\n'.join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)
    return body.decode('utf-8', 'replace')


def rendered(user: User) -> str:
    return json.dumps({i: e._to_dict() for i, e in user.client.elements.items()}, ensure_ascii=False, default=str)


@pytest.mark.parametrize('who', list(WHO))
async def test_no_page_download_or_json_of_another_role_holds_a_help_desk_message(user: User, who: str) -> None:
    await runtime.ready()
    assert (await user.http_client.post('/sekretariat/bumidaya/pesan', data=FRESH)).status_code == 200
    if WHO[who] is not None:
        await log_in(user, *WHO[who])  # type: ignore[misc]
    hidden = secrets()
    ids = await route_ids()
    opened = paths(COLUMN[who], ids)
    assert len(opened) >= 8
    leaks = []
    for path in opened:
        answer = await user.http_client.get(path)
        received = readable(answer.headers.get('content-type', ''), answer.content)
        page = answer.headers.get('content-type', '').startswith('text/html') and '/_nicegui/' in answer.text
        if answer.status_code == 200 and page:  # a NiceGUI page: its socket payload too
            await user.open(path)
            received += rendered(user)
        leaks += [(path, secret) for secret in hidden if secret in received]
    assert leaks == []
