"""Every text exists in Bahasa Indonesia and English, and every key the code asks for has a text."""

from __future__ import annotations

import re
from pathlib import Path

from ui.i18n import catalogue

ROOT = Path(__file__).resolve().parent.parent


def test_both_languages_have_the_same_keys_and_no_empty_texts() -> None:
    indonesian, english = catalogue('id'), catalogue('en')
    assert set(indonesian) == set(english), set(indonesian) ^ set(english)
    assert all(text.strip() for text in [*indonesian.values(), *english.values()])


def test_placeholders_match_between_languages() -> None:
    indonesian, english = catalogue('id'), catalogue('en')
    for key, text in indonesian.items():
        assert set(re.findall(r'{(\w+)}', text)) == set(re.findall(r'{(\w+)}', english[key])), key


def test_every_literal_key_in_the_code_has_a_text() -> None:
    keys = set(catalogue('id'))
    missing = set()
    for path in [*ROOT.glob('ui/**/*.py'), *ROOT.glob('store/**/*.py')]:
        for key in re.findall(r"\bt\(\s*'([a-z_]+\.[a-z0-9_.]+)'", path.read_text(encoding='utf-8')):
            if key not in keys:
                missing.add(f'{path.relative_to(ROOT)}: {key}')
        text = path.read_text(encoding='utf-8')
        found = re.findall(r"NavItem\('[^']*', '([a-z_.]+)'", text)
        found += [f'error.{key}' for key in re.findall(r"DomainError\(\s*'([a-z_]+)'", text)]
        missing.update(f'{path.relative_to(ROOT)}: {key}' for key in found if key not in keys)
    assert not missing, sorted(missing)


I18N = ROOT / 'assets' / 'i18n'


def test_each_file_holds_only_the_keys_of_its_prefix_and_no_key_is_written_twice() -> None:
    import json

    for lang in ('id', 'en'):
        seen: dict[str, str] = {}
        for path in sorted((I18N / lang).glob('*.json')):
            pairs = json.loads(path.read_text(encoding='utf-8'), object_pairs_hook=list)
            for key, _ in pairs:
                assert key.split('.', 1)[0] == path.stem, f'{lang}/{path.name}: {key}'
                assert key not in seen, f'{key} in {seen.get(key)} and {path.name}'
                seen[key] = path.name
        assert set(seen) == set(catalogue(lang))


def test_both_languages_have_the_same_files() -> None:
    assert {p.name for p in (I18N / 'id').glob('*.json')} == {p.name for p in (I18N / 'en').glob('*.json')}
    assert not list(I18N.glob('*.json'))  # nothing left outside the language folders
