"""A backup sealed with a passphrase the coordinator types, so a lost flash drive gives none of the survivors'
data away; and opened again only with that passphrase.

The whole zip is encrypted with AES-256-GCM (the `cryptography` package), chunk by chunk as it streams through,
so a backup of hundreds of MB is never held in memory. The key is stretched from the passphrase by scrypt at
OWASP's cost (n=2**17, r=8, p=1: a third of a second and 128 MB for every guess), not WinZip's 1000 rounds of
PBKDF2-SHA1 that an encrypted zip would use. The file:

    MAGIC | log2(n) r p (a byte each) | salt (16) | nonce (12) | check (16) | ciphertext | GCM tag (16)

`check` is the rest of what scrypt derived beside the key: a wrong passphrase is told at once, and told apart
from a damaged file (whose tag fails at the end). The header is GCM's associated data, so none of it can be
changed unseen. The passphrase is never written anywhere: only the salt, the check and the ciphertext are.
"""

from __future__ import annotations

import hmac
import os
import struct
import unicodedata
from pathlib import Path
from typing import BinaryIO

from models.base import DomainError

MAGIC = b'BERDAYA-BACKUP-AES256GCM-SCRYPT\n'
MIN_LENGTH = 8
MAX_LENGTH = 200
COST = (17, 8, 1)  # log2(n), r, p
# What a header may ask of scrypt: a crafted file must not make the server spend more than 256 MB on one try.
MOST_LOG2_N, MOST_R, MOST_P = 18, 8, 1
PARAMS = struct.Struct('>BBB')
SALT, NONCE, CHECK, TAG, KEY = 16, 12, 16, 16, 32
HEADER = len(MAGIC) + PARAMS.size + SALT + NONCE + CHECK
CHUNK = 1024 * 1024


def check_passphrase(passphrase: str) -> str:
    """The passphrase, if it is long enough to be worth having; else DomainError('backup_passphrase_short')."""
    if not MIN_LENGTH <= len(passphrase) <= MAX_LENGTH:
        raise DomainError('backup_passphrase_short', least=MIN_LENGTH, most=MAX_LENGTH)
    return passphrase


def read_passphrase(path: Path) -> str:
    """`--passphrase-file`: the file's text without its trailing newline, checked as one typed on the screen."""
    try:
        text = path.read_text(encoding='utf-8')
    except (OSError, UnicodeDecodeError):
        raise DomainError('backup_passphrase_file', file=str(path)) from None
    return check_passphrase(text.removesuffix('\n').removesuffix('\r'))


def is_sealed(head: bytes) -> bool:
    """Whether a file starting with `head` is a sealed backup (rather than a plain zip)."""
    return head.startswith(MAGIC)


def seal(source: BinaryIO, out: BinaryIO, passphrase: str) -> None:
    """Write `source` (a zip) to `out` sealed with `passphrase`."""
    log2_n, r, p = COST
    salt, nonce = os.urandom(SALT), os.urandom(NONCE)
    key, check = _derive(passphrase, salt, log2_n, r, p)
    header = MAGIC + PARAMS.pack(log2_n, r, p) + salt + nonce + check
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes  # with the first backup: 6 MiB

    encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(header)
    out.write(header)
    while chunk := source.read(CHUNK):
        out.write(encryptor.update(chunk))
    out.write(encryptor.finalize())
    out.write(encryptor.tag)


def unseal(source: BinaryIO, size: int, out: BinaryIO, passphrase: str) -> None:
    """Write the zip sealed in `source` (`size` bytes long) to `out`.

    A wrong passphrase is refused before anything is written (`backup_wrong_passphrase`); a file changed or cut
    short after sealing fails its tag at the end (`backup_bad_zip`), so what was written to `out` must then be
    thrown away, never used.
    """
    header = source.read(HEADER)
    if len(header) < HEADER or size < HEADER + TAG or not is_sealed(header):
        raise DomainError('backup_bad_zip')
    log2_n, r, p = PARAMS.unpack_from(header, len(MAGIC))
    if not (1 <= log2_n <= MOST_LOG2_N and 1 <= r <= MOST_R and 1 <= p <= MOST_P):
        raise DomainError('backup_bad_zip')
    salt, nonce, check = _split(header[len(MAGIC) + PARAMS.size :], SALT, NONCE, CHECK)
    key, expected = _derive(passphrase, salt, log2_n, r, p)
    if not hmac.compare_digest(check, expected):
        raise DomainError('backup_wrong_passphrase')
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    decryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).decryptor()
    decryptor.authenticate_additional_data(header)
    left = size - HEADER - TAG
    while left > 0 and (chunk := source.read(min(CHUNK, left))):
        left -= len(chunk)
        out.write(decryptor.update(chunk))
    tag = source.read(TAG)
    try:
        out.write(decryptor.finalize_with_tag(tag))
    except (InvalidTag, ValueError):  # a short tag is a ValueError
        raise DomainError('backup_bad_zip') from None


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    """(key, check) from the passphrase as typed on any device: NFC, so an é typed as e + accent matches."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    secret = unicodedata.normalize('NFC', passphrase).encode('utf-8')
    derived = Scrypt(salt=salt, length=KEY + CHECK, n=2**log2_n, r=r, p=p).derive(secret)
    return derived[:KEY], derived[KEY:]


def _split(data: bytes, *sizes: int) -> list[bytes]:
    parts, at = [], 0
    for size in sizes:
        parts.append(data[at : at + size])
        at += size
    return parts
