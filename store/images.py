"""Pictures people upload (a programme's logo, later product photos), made safe and small before they are kept.

Whatever a phone or an office sends (a 12-megapixel camera JPEG with GPS in its EXIF, a PNG scan, a WebP),
what is kept is re-encoded from the pixels alone: no metadata survives (EXIF GPS would say where she lives),
the long side is at most the size asked for, the orientation the camera recorded is applied first. Anything
that is not a picture, or is too big to open, is refused with a key the translations explain.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from models.base import DomainError

MAX_BYTES = 10 * 1024 * 1024  # what a phone's camera makes fits well under this
MAX_PIXELS = 50_000_000  # a picture claiming more is refused before it is decoded (a decompression bomb)
FORMATS = {'JPEG', 'PNG', 'WEBP', 'GIF', 'BMP', 'MPO'}  # MPO: some phones' JPEGs


@dataclass(frozen=True)
class Picture:
    data: bytes
    extension: str  # png, jpg or webp
    width: int
    height: int


def prepare(data: bytes, *, long_side: int, keep_transparency: bool = False) -> Picture:
    """The picture in `data` re-encoded at most `long_side` px on its long side, metadata stripped.

    With `keep_transparency` (a logo) a PNG with its alpha; else a JPEG (quality 85), the size a phone
    sends over weak data. Raises DomainError `image_too_large` or `image_unreadable`.
    """
    if len(data) > MAX_BYTES:
        raise DomainError('image_too_large', max_mb=MAX_BYTES // (1024 * 1024))
    image = _opened(data)
    image = ImageOps.exif_transpose(image)  # upright as she took it, before the EXIF goes
    image.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if keep_transparency:
        image = image.convert('RGBA' if _has_alpha(image) else 'RGB')
        image.save(out, 'PNG', optimize=True)
        return Picture(out.getvalue(), 'png', image.width, image.height)
    image = _on_white(image) if _has_alpha(image) else image.convert('RGB')
    image.save(out, 'JPEG', quality=85, optimize=True, progressive=True)
    return Picture(out.getvalue(), 'jpg', image.width, image.height)


def prepare_code(data: bytes, *, long_side: int) -> Picture:
    """A picture of a code a phone must scan (her QRIS) re-encoded as a lossless PNG, at most `long_side` px on its
    long side and never enlarged, metadata stripped; transparency on white (a scanner reads dark on light).

    A JPEG's blur around a QR code's modules, or a thumbnail's few pixels a module, can make it unreadable; a PNG
    keeps every edge the bank drew. Raises DomainError `image_too_large` or `image_unreadable`.
    """
    if len(data) > MAX_BYTES:
        raise DomainError('image_too_large', max_mb=MAX_BYTES // (1024 * 1024))
    image = ImageOps.exif_transpose(_opened(data))
    if _has_alpha(image):
        image = _on_white(image)
    image = image.convert('L' if image.mode in ('1', 'L', 'I', 'I;16', 'F') else 'RGB')
    image.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)  # only ever smaller
    image.info = {}  # no ICC profile, text or EXIF carried into the PNG: the pixels alone
    out = io.BytesIO()
    image.save(out, 'PNG', optimize=True)
    return Picture(out.getvalue(), 'png', image.width, image.height)


def _opened(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in FORMATS:
            raise DomainError('image_unreadable')
        if image.width * image.height > MAX_PIXELS:
            raise DomainError('image_too_large', max_mb=MAX_BYTES // (1024 * 1024))
        image.load()
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise DomainError('image_unreadable') from None
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ('RGBA', 'LA', 'PA') or (image.mode == 'P' and 'transparency' in image.info)


def _on_white(image: Image.Image) -> Image.Image:
    """A transparent picture on white, for a JPEG (which has no transparency)."""
    rgba = image.convert('RGBA')
    background = Image.new('RGB', rgba.size, 'white')
    background.paste(rgba, mask=rgba.getchannel('A'))
    return background
