"""A buyer's proof of transfer on her order: attached on her orders screen from the screenshot the buyer sent, marked
on the order, seen large with a tap, replaced, removed; made without metadata (no GPS) and kept privately: never at
/media, and her proof's route gives it to her alone (not another trainee, an instructor, a coordinator, a
secretariat's staff or anyone logged out); backups carry it; what is not a picture is refused, nothing half-saved."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User
from PIL import Image

from models.base import DomainError
from models.orders import Order
from store import files
from store.backup_folder import backup_folder, restore_folder
from store.transfer_proofs import attach_proof
from ui import backup_file
from ui.runtime import runtime

from .conftest import (
    COORDINATOR,
    INSTRUCTOR,
    KUE_TRAINEE,
    SECRETARIAT,
    demo_folder,
    her_participant_id,
    log_in,
    only,
    open_as,
)
from .test_product_photos import camera_photo, until

pytestmark = pytest.mark.demo
SELLER = ('081400000001', '123456')  # the demo's graduate who sells: Dapur Bu Sumi


def her_order(buyer: str) -> Order:
    """The demo seller's order from `buyer`, as it is stored now."""
    return next(o for o in runtime.store.all(Order) if o.buyer == buyer and o.participant_id == seller_id())


def seller_id() -> str:
    return her_participant_id(SELLER[0])


async def attach(user: User, name: str, kind: str, body: bytes) -> None:
    """She picks a picture in the proof's sheet."""
    await only(user, 'upload-proof').handle_uploads([ui.upload.SmallFileUpload(name, kind, body)])


def screenshot(colour: tuple[int, int, int] = (30, 64, 175)) -> bytes:
    """The buyer's screenshot as it reached her phone: a tall JPEG, with GPS in its EXIF."""
    return camera_photo(colour, (1080, 2400))


async def test_she_attaches_sees_large_and_removes_the_proof_on_her_order(user: User) -> None:
    await runtime.ready()
    order = her_order('Bu Romlah')
    assert order.transfer_proof is None
    await open_as(user, SELLER, '/usaha/pesanan')

    user.find(marker=f'attach-proof-{order.id}').click()
    await user.should_see('Hanya Anda yang bisa melihatnya', retries=10)
    await attach(user, 'bukti.jpg', 'image/jpeg', screenshot())

    await until(lambda: her_order('Bu Romlah').transfer_proof is not None)
    proof = her_order('Bu Romlah').transfer_proof
    assert proof is not None
    await user.should_see(marker=f'proof-{order.id}')  # the order's "Bukti transfer" mark
    await user.should_see(marker=f'proof-thumb-{order.id}')
    full = await user.http_client.get(f'/usaha/pesanan/{order.id}/bukti')
    thumb = await user.http_client.get(f'/usaha/pesanan/{order.id}/bukti?kecil=1')
    assert full.status_code == thumb.status_code == 200 and full.headers['content-type'] == 'image/jpeg'
    assert 'no-store' in full.headers['cache-control'] and 'private' in full.headers['cache-control']
    picture = Image.open(io.BytesIO(full.content))
    assert picture.size == (864, 1920) and not picture.getexif() and 'exif' not in picture.info  # no GPS
    assert max(Image.open(io.BytesIO(thumb.content)).size) == 320

    user.find(marker=f'proof-thumb-{order.id}').click()  # a tap on it: large
    await user.should_see(marker='proof-full')
    await user.should_see('Bukti transfer · Bu Romlah')
    user.find(marker='remove-proof').click()
    await until(lambda: her_order('Bu Romlah').transfer_proof is None)
    await user.should_see('Bukti transfer dihapus')
    await user.should_see(marker=f'attach-proof-{order.id}')
    assert (await user.http_client.get(f'/usaha/pesanan/{order.id}/bukti')).status_code == 404


async def test_a_new_proof_replaces_the_old_and_what_is_not_a_picture_changes_nothing(user: User) -> None:
    await runtime.ready()
    order = her_order('Bu Eti')  # the demo's: she sent one for her DP
    first = order.transfer_proof
    assert first is not None
    await open_as(user, SELLER, '/usaha/pesanan')
    user.find(marker=f'proof-{order.id}').click()
    await user.should_see(marker='upload-proof')

    await attach(user, 'x.pdf', 'application/pdf', b'%PDF-1.4')

    await user.should_see('Berkas ini bukan gambar yang bisa dibaca. Pilih foto atau gambar (JPG, PNG, WebP).')
    assert her_order('Bu Eti').transfer_proof == first
    await attach(user, 'b.jpg', 'image/jpeg', screenshot())
    await until(lambda: her_order('Bu Eti').transfer_proof not in (None, first))
    await user.should_see('Bukti transfer Bu Eti tersimpan')
    with pytest.raises(DomainError) as refused:
        await attach_proof(runtime.store, seller_id(), order.id, b'\xff\xd8\xff' + b'\0' * (11 * 1024 * 1024))
    assert refused.value.key == 'image_too_large' and her_order('Bu Eti').transfer_proof not in (None, first)


@pytest.mark.parametrize(
    ('who', 'status'),
    [(KUE_TRAINEE, 404), (INSTRUCTOR, 403), (COORDINATOR, 403), (SECRETARIAT, 403), (None, 303)],
    ids=['another-trainee', 'instructor', 'coordinator', 'secretariat-staff', 'anonymous'],
)
async def test_nobody_but_her_fetches_her_proof(user: User, who: tuple[str, str] | None, status: int) -> None:
    await runtime.ready()
    order = her_order('Bu Eti')
    assert order.transfer_proof is not None
    if who is not None:
        assert await log_in(user, *who) == 303

    answers = [await user.http_client.get(f'/usaha/pesanan/{order.id}/bukti{query}') for query in ('', '?kecil=1')]

    for answer in answers:
        assert answer.status_code == status and answer.headers.get('content-type', '') != 'image/jpeg'
    for name in (order.transfer_proof.full, order.transfer_proof.thumb):  # not by its name at /media either
        assert (await user.http_client.get(f'/media/{name}')).status_code == 404
        assert name in files.names(runtime.store.folder, private=True) and name not in files.names(runtime.store.folder)


async def test_another_trainee_cannot_attach_a_proof_to_her_order(user: User) -> None:
    await runtime.ready()
    order = her_order('Bu Ina')
    with pytest.raises(DomainError) as refused:
        await attach_proof(runtime.store, her_participant_id(KUE_TRAINEE[0]), order.id, screenshot())
    assert refused.value.key == 'not_yours' and her_order('Bu Ina').transfer_proof is None


def test_a_backup_and_its_zip_carry_the_proof_and_the_qris_and_a_restore_puts_them_back(tmp_path: Path) -> None:
    data, backup, other, unpacked = tmp_path / 'data', tmp_path / 'backup', tmp_path / 'other', tmp_path / 'unpacked'
    asyncio.run(demo_folder(data))
    proofs, public = files.names(data, private=True), files.names(data)
    assert len(proofs) == 2 and not set(proofs) & set(public)  # the demo's proof and its thumbnail, apart

    backup_folder(data, backup)
    carried = backup_file.write(backup, tmp_path / 'backup.zip', None)
    unpacked.mkdir()
    folder = backup_file.unzip(io.BytesIO(carried.read_bytes()), carried.stat().st_size, unpacked)
    restore_folder(folder, other)

    for copy in (backup, folder, other):
        assert files.names(copy, private=True) == proofs and files.names(copy) == public
    files.check_all(other)
