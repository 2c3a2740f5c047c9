"""The log-in page: plain HTML, so it loads on a weak signal and phones' autofill fills it; one small constant
script turns the second field into a PIN on the number pad once the first holds a phone number."""

from __future__ import annotations

from html import escape

from .i18n import t
from .icons import brand
from .pwa import LINKS
from .widgets import script_json

STYLE = """
*{box-sizing:border-box}body{margin:0;font:18px/1.5 system-ui,-apple-system,Roboto,sans-serif;color:#1f2937;
background:#f0fdfa}header{background:#0f766e;color:#fff;padding:0 16px;height:56px;display:flex;align-items:center;
justify-content:space-between}header b{font-size:16px;display:flex;align-items:center;gap:8px}
header a{color:#fff;min-height:48px;min-width:48px;
display:flex;align-items:center;justify-content:center;text-decoration:none;font-weight:600}
main{max-width:420px;margin:0 auto;padding:16px}h1{font-size:24px;margin:8px 0 4px}
p.hint{color:#374151;margin:0 0 16px}label{display:block;font-weight:600;margin:16px 0 6px}
input{width:100%;font-size:20px;padding:12px;min-height:52px;border:2px solid #9ca3af;border-radius:10px}
input:focus{outline:3px solid #0f766e;border-color:#0f766e}
button,a.button{margin-top:24px;width:100%;min-height:56px;font-size:20px;font-weight:700;color:#fff;
background:#0f766e;border:0;border-radius:12px}a.button{display:flex;align-items:center;justify-content:center;
text-decoration:none}
.error{background:#fef2f2;border:2px solid #b91c1c;color:#7f1d1d;border-radius:10px;padding:12px;margin:12px 0}
"""


def render(
    lang: str,
    *,
    next_path: str = '/',
    username: str = '',
    error: str = '',
    action: str = '',
    hidden: str = '',
    title: str = '',
    hint: str = '',
) -> str:
    """The log-in form; the check-in page reuses it with its own action, hidden fields, title and hint."""
    other = 'en' if lang == 'id' else 'id'
    error_html = f'<div class="error" role="alert">&#9888; {escape(error)}</div>' if error else ''
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(t('login.title', lang))} · Berdaya</title>{LINKS}
<style>{STYLE}</style></head>
<body><header>{brand()}
<a href="/login?lang={other}&amp;next={escape(next_path)}" aria-label="{escape(switch_name(other, lang))}"
>{other.upper()}</a></header>
<main><h1>{escape(title or t('login.title', lang))}</h1>
<p class="hint">{escape(hint or t('login.hint', lang))}</p>{error_html}
<form method="post" action="{action or f'/login?lang={lang}'}">
<input type="hidden" name="next" value="{escape(next_path)}">{hidden}
<label for="username">{escape(t('login.username', lang))}</label>
<input id="username" name="username" autocomplete="username" autocapitalize="none" required
 value="{escape(username)}" placeholder="08xxxxxxxxxx">
<label for="password">{escape(t('login.password', lang))}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">{escape(t('login.submit', lang))} &#10140;</button>
</form></main>{_pin_script(lang)}</body></html>"""


def switch_name(other: str, lang: str) -> str:
    """What a screen reader says for the language switch: the code it shows first (a name must hold the words
    a sighted user sees, WCAG 2.5.3), then what it does."""
    return f'{other.upper()}, {t("frame.switch_language", lang)}'


def _pin_script(lang: str) -> str:
    """A phone number in the first field (a trainee): the second asks for her PIN on the number pad; anything
    else (a staff name): a password on the letter keyboard. Texts are ours, as JSON: nothing a person typed."""
    labels = script_json([t('login.pin', lang), t('login.password', lang)])
    return (
        '<script>(function(){var u=document.getElementById("username"),p=document.getElementById("password"),'
        f'l=document.querySelector("label[for=password]"),w={labels};'
        'function f(){var phone=/^\\+?[0-9][0-9 .-]{5,}$/.test(u.value.trim());'
        'p.setAttribute("inputmode",phone?"numeric":"text");l.textContent=w[phone?0:1];}'
        'u.addEventListener("input",f);f();})();</script>'
    )


def message_page(lang: str, title: str, text: str) -> str:
    """A tiny plain page with one message and a way home (e.g. a refused page)."""
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · Berdaya</title>{LINKS}<style>{STYLE}</style></head>
<body><header>{brand()}</header>
<main><h1>{escape(title)}</h1><p class="hint">{escape(text)}</p>
<a class="button" href="/">{escape(t('nav.home', lang))}</a></main></body></html>"""
