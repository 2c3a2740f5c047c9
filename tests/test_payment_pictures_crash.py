"""Her QRIS and a buyer's proof of transfer survive `kill -9`: a writer replaces both again and again and is killed
mid-way; the store opened again names the last acknowledged pictures (or the next ones, when the kill came between
the save and its acknowledgement), and every picture it names is on disk, whole (files are kept before the record
that names them is committed)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from models.business import Shop
from models.orders import Order
from store import Store, files

ROOT = Path(__file__).resolve().parent.parent
WRITER = """
import asyncio, datetime as dt, io, sys
from decimal import Decimal
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from PIL import Image
from models.business import Shop
from models.orders import Order, OrderItem
from models.participant import Participant
from store import Store
from store.qris import set_qris
from store.transfer_proofs import attach_proof

def picture(n, kind):
    out = io.BytesIO()
    Image.new('RGB', (300, 400), (n % 256, n // 256 % 256, 90)).save(out, kind)
    return out.getvalue()

async def main():
    store = await Store.open(Path(sys.argv[1]))
    her = Participant(id='siti', name='Siti Aminah', phone='081211112222')
    now = dt.datetime.now(dt.UTC)
    item = OrderItem(product_id='klepon', name='Klepon', quantity=Decimal(10), unit_price=1000)
    await store.put(her, Shop(id='siti', slug='kue-siti', name='Kue Siti'),
                    Order(id='order', participant_id='siti', buyer='Bu Tini', items=[item], due=now, created_at=now))
    n = 0
    while True:
        n += 1
        qris = await set_qris(store, 'siti', picture(n, 'PNG'))
        order = await attach_proof(store, 'siti', 'order', picture(n, 'JPEG'))
        print('ack', n, qris.file, order.transfer_proof.full, flush=True)

asyncio.run(main())
"""


def test_her_qris_and_a_proof_acknowledged_survive_kill_9(tmp_path: Path) -> None:
    folder = tmp_path / 'data'
    writer = subprocess.Popen(
        [sys.executable, '-c', WRITER, str(folder), str(ROOT)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    acked: list[list[str]] = []
    deadline = time.monotonic() + 60
    assert writer.stdout is not None
    while len(acked) < 8 and time.monotonic() < deadline:
        line = writer.stdout.readline().decode()
        if not line:
            break
        acked.append(line.split()[1:])
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    said = writer.stderr.read().decode() if writer.stderr else ''
    assert writer.returncode == -signal.SIGKILL and len(acked) == 8, said

    shop, order = asyncio.run(_read(folder))

    last_qris, last_proof = acked[-1][1], acked[-1][2]
    earlier = {name for _, qris, proof in acked[:-1] for name in (qris, proof)}
    assert shop.qris is not None and shop.qris.file not in earlier  # the last acknowledged one, or the next
    assert order.transfer_proof is not None and order.transfer_proof.full not in earlier
    assert files.read(folder, shop.qris.file) is not None
    assert files.read(folder, order.transfer_proof.full, private=True) is not None
    assert files.read(folder, order.transfer_proof.thumb, private=True) is not None
    assert files.read(folder, last_qris) is not None and files.read(folder, last_proof, private=True) is not None
    files.check_all(folder)  # every kept file whole: its bytes are what its name says


async def _read(folder: Path) -> tuple[Shop, Order]:
    store = await Store.open(folder)
    try:
        shop, order = store.get(Shop, 'siti'), store.get(Order, 'order')
        assert shop is not None and order is not None
        return shop, order
    finally:
        await store.close(checkpoint=False)
