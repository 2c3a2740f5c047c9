"""What an open page says and does when its signal drops.

A NiceGUI page lives on its socket: with the signal gone its buttons would do nothing (or, worse, fire all at
once when the signal returns). NiceGUI then shows its connection popup (`#popup`, texts in `ui/i18n.py`); here
it also says what still works, links the offline page (`/offline`, where a trainee keeps sales and costs in the
phone), and a tap on anything that needs the server answers with a short notice instead. The popup and every
notice sit above the bottom navigation, never over it.

The script is constant: its only data are our translated texts, as JSON (`script_json`), never a person's text.
"""

from __future__ import annotations

import json

from nicegui import ui

from .i18n import NICEGUI_TEXTS, t
from .widgets import script_json

# Above the bottom bar: the script keeps `--nav-h` at the bar's height (none on a page without one).
CSS = (
    '<style>#popup{left:8px;right:8px;bottom:calc(var(--nav-h,0px) + 8px);margin:0 auto;max-width:704px;'
    'padding:10px 12px 12px 40px;gap:4px;font-size:14px;box-shadow:0 2px 12px rgba(0,0,0,.25)}'
    '#popup>span:first-child::before{left:14px}'
    '#popup .signal-link{pointer-events:auto;display:flex;align-items:center;justify-content:center;min-height:48px;'
    'border-radius:4px;background:#0f766e;color:#fff;font-weight:bold;text-decoration:none}'
    '.q-notifications__list--bottom{margin-bottom:calc(var(--nav-h,0px) + 10px)}'
    '</style>'
)

# What a tap may not do while the page has no server: buttons, switches, ticks, picks, tappable cards.
SERVER_TAPS = '.q-btn,.q-toggle,.q-checkbox,.q-radio,.q-item,.q-chip--clickable,.q-tab,.cursor-pointer'

SCRIPT = (
    '<script>(()=>{const T=JSON.parse(document.getElementById("signal-texts").textContent);'
    'const popup=()=>document.getElementById("popup");'
    'const gone=()=>!navigator.onLine||(window.socket&&window.did_handshake&&!window.socket.connected);'
    'const nav=()=>{const f=document.querySelector(".q-footer");'
    'document.documentElement.style.setProperty("--nav-h",(f?f.offsetHeight:0)+"px")};'
    'addEventListener("DOMContentLoaded",()=>{const p=popup();if(!p)return;const s=p.querySelectorAll("span");'
    's[0].textContent=T.lost;s[1].textContent=T.retry;'
    'const w=document.createElement("span");w.className="signal-works";w.textContent=T.works;p.append(w);'
    'if(T.link){const a=document.createElement("a");a.href="/offline";a.className="signal-link";'
    'a.textContent=T.link;p.append(a)}});'
    'addEventListener("load",()=>{nav();const f=document.querySelector(".q-footer");'
    'f&&window.ResizeObserver&&new ResizeObserver(nav).observe(f)});'
    'addEventListener("offline",()=>{const p=popup();p&&(p.ariaHidden=false)});'
    'addEventListener("online",()=>{const p=popup();p&&window.socket&&window.socket.connected&&(p.ariaHidden=true)});'
    'document.addEventListener("click",e=>{if(!gone()||!e.target.closest)return;'
    f'const b=e.target.closest({json.dumps(SERVER_TAPS)});if(!b||b.closest("#popup"))return;'
    'e.preventDefault();e.stopImmediatePropagation();'
    'window.Quasar&&Quasar.Notify.create({message:T.tap,type:"warning",position:"top",timeout:3000,'
    'group:"signal"})},true)})()</script>'
)


def add_to_page(lang: str, *, offline_page: bool) -> None:
    """Put the lost signal's texts (in `lang`), style and script in the page's head. `offline_page` links
    `/offline`: a trainee's page (the offline page keeps her sales and costs, nothing of the staff's)."""
    popup = NICEGUI_TEXTS[lang]
    texts = {
        'lost': popup['connection_lost'],
        'retry': popup['trying_to_reconnect'],
        'works': t('signal.works_offline' if offline_page else 'signal.works_staff', lang),
        'link': t('pwa.offline_title', lang) if offline_page else '',
        'tap': t('signal.needs_server', lang),
    }
    ui.add_head_html(f'<script type="application/json" id="signal-texts">{script_json(texts)}</script>' + CSS + SCRIPT)
