"""QR codes as SVG (for screens and projectors) and PNG (for PDFs).

qrcode (with its image back ends, 4 MiB) comes with the first code drawn, not with the server's start: most views
draw none."""

from __future__ import annotations

import io


def svg(data: str) -> str:
    """A scalable QR (no fixed size: it fills its box), black on white with the quiet zone kept."""
    import qrcode.image.svg
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(data)
    code.make(fit=True)
    text = code.make_image().to_string(encoding='unicode')
    style = 'preserveAspectRatio="xMidYMid meet" style="width:100%;height:auto;background:#fff"'
    return text.replace('<svg ', f'<svg {style} ', 1)


def png(data: str, box_size: int = 10) -> bytes:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=box_size)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color='black', back_color='white').save(buffer, format='PNG')
    return buffer.getvalue()
