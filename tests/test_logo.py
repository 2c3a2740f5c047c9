"""A programme's letterhead logo: an uploaded picture made small and metadata-free, kept by its content in the
data folder, served at /media/{name}, and drawn on the letterhead of every document that has one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User
from PIL import Image
from pypdf import PdfReader

from models.base import DomainError
from models.programme import Programme
from store import files, images
from ui.runtime import runtime

from .conftest import COORDINATOR, INSTRUCTOR, Kue, log_in, open_as

pytestmark = pytest.mark.demo


def _camera_jpeg(width: int = 2400, height: int = 1600) -> bytes:
    """A phone camera's picture: big, with EXIF that says where it was taken and that it stands on its side."""
    image = Image.new('RGB', (width, height), (200, 40, 40))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to stand upright
    exif[0x8825] = {1: 'S', 2: (6.0, 10.0, 30.0), 3: 'E', 4: (106.0, 49.0, 12.0)}  # GPS: a village in Banten
    exif[0x010F] = 'Xiaomi'
    out = io.BytesIO()
    image.save(out, 'JPEG', exif=exif)
    return out.getvalue()


def test_a_camera_picture_is_made_small_upright_and_without_its_metadata() -> None:
    picture = images.prepare(_camera_jpeg(), long_side=600)

    kept = Image.open(io.BytesIO(picture.data))
    assert (picture.extension, kept.format) == ('jpg', 'JPEG')
    assert (kept.width, kept.height) == (400, 600)  # upright: the camera's rotation applied, then 600 px long
    assert not kept.getexif() and 'exif' not in kept.info
    logo = images.prepare(_camera_jpeg(), long_side=600, keep_transparency=True)
    assert Image.open(io.BytesIO(logo.data)).format == 'PNG' and not Image.open(io.BytesIO(logo.data)).getexif()


def test_what_is_not_a_picture_or_too_big_is_refused_by_name() -> None:
    for junk in (b'', b'%PDF-1.7 not a picture', b'\x89PNG\r\n\x1a\n' + b'\0' * 40, _camera_jpeg()[:300]):
        with pytest.raises(DomainError) as refused:
            images.prepare(junk, long_side=600)
        assert refused.value.key == 'image_unreadable'
    with pytest.raises(DomainError) as too_big:
        images.prepare(b'\xff\xd8' + b'\0' * images.MAX_BYTES, long_side=600)
    assert too_big.value.key == 'image_too_large'
    bomb = io.BytesIO()
    Image.new('1', (10_000, 10_000)).save(bomb, 'PNG')  # 100 megapixels in a few kB
    with pytest.raises(DomainError) as refused:
        images.prepare(bomb.getvalue(), long_side=600)
    assert refused.value.key == 'image_too_large'


def test_a_file_is_kept_once_by_its_content_and_a_foreign_name_is_no_file(tmp_path: Path) -> None:
    first = files.save(tmp_path, b'logo bytes', 'png')
    assert files.save(tmp_path, b'logo bytes', 'png') == first
    assert files.names(tmp_path) == [first] and files.read(tmp_path, first) == b'logo bytes'
    for foreign in ('../../etc/passwd', first.upper(), first[:-4] + '.svg', 'x.png', first + '/'):
        assert files.path_of(tmp_path, foreign) is None and files.read(tmp_path, foreign) is None


def _images_on_first_page(body: bytes) -> int:
    return len(PdfReader(io.BytesIO(body)).pages[0].images)


async def test_the_coordinator_sets_the_logo_and_every_letterhead_carries_it(user: User) -> None:
    kue = Kue(await runtime.ready())
    await open_as(user, COORDINATOR, f'/programmes/{kue.programme.id}')
    user.find(marker='papers-section').click()  # the section opens, and is built, when she taps it
    upload = next(iter(user.find(marker='upload-logo').elements))
    await upload.handle_uploads([ui.upload.SmallFileUpload('logo.jpg', 'image/jpeg', _camera_jpeg())])
    await user.should_see('Logo tersimpan')
    programme = kue.store.get(Programme, kue.programme.id)
    assert programme is not None and programme.logo.endswith('.png')
    await user.should_see(marker='logo')

    served = await user.http_client.get(f'/media/{programme.logo}')
    assert served.status_code == 200 and served.headers['content-type'] == 'image/png'
    assert 'immutable' in served.headers['cache-control']
    assert Image.open(io.BytesIO(served.content)).size == (400, 600)
    daftar_hadir = (await user.http_client.get(f'/export/daftar-hadir/{kue.days[0].id}.pdf')).content
    assert _images_on_first_page(daftar_hadir) == 1

    user.find(marker='remove-logo').click()
    await user.should_see('Belum ada logo')
    without = (await user.http_client.get(f'/export/daftar-hadir/{kue.days[0].id}.pdf')).content
    assert _images_on_first_page(without) == 0


async def test_a_file_that_is_no_picture_is_refused_and_the_logo_stays(user: User) -> None:
    kue = Kue(await runtime.ready())
    before = kue.programme.logo
    await open_as(user, COORDINATOR, f'/programmes/{kue.programme.id}')
    user.find(marker='papers-section').click()  # the section opens, and is built, when she taps it
    upload = next(iter(user.find(marker='upload-logo').elements))
    await upload.handle_uploads([ui.upload.SmallFileUpload('surat.pdf', 'image/png', b'%PDF-1.7 a letter')])
    await user.should_see('Berkas ini bukan gambar yang bisa dibaca')
    programme = kue.store.get(Programme, kue.programme.id)
    assert programme is not None and programme.logo == before != ''  # the demo's emblem


async def test_an_instructor_cannot_change_the_logo_even_by_calling_the_handler(user: User) -> None:
    kue = Kue(await runtime.ready())
    await open_as(user, COORDINATOR, f'/programmes/{kue.programme.id}')
    user.find(marker='papers-section').click()  # the section opens, and is built, when she taps it
    upload = next(iter(user.find(marker='upload-logo').elements))
    await log_in(user, *INSTRUCTOR)  # the same browser, now an instructor's session: the open page is stale
    await upload.handle_uploads([ui.upload.SmallFileUpload('logo.jpg', 'image/jpeg', _camera_jpeg())])
    programme = kue.store.get(Programme, kue.programme.id)
    assert programme is not None and programme.logo == kue.programme.logo
