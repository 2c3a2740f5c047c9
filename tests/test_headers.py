"""Security headers on every answer: pages, plain pages, JSON, documents, static files, refusals and errors."""

from __future__ import annotations

import nicegui
import pytest
from nicegui.testing import User

from .conftest import COORDINATOR, log_in, route_ids
from .test_role_matrix import FILES, MATRIX

pytestmark = pytest.mark.demo

PATHS = sorted({path for method, path in MATRIX if method == 'GET'}) + [
    f'/_nicegui/{nicegui.__version__}/static/nicegui.css',  # answered by the static layer, outside the app
    '/assets/offline/offline.js',
    '/no-such-page',
]


def policy(header: str) -> dict[str, list[str]]:
    directives = (part.split() for part in header.split(';') if part.strip())
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize('logged_in', [False, True], ids=['anonymous', 'coordinator'])
async def test_every_answer_carries_the_security_headers(user: User, logged_in: bool) -> None:
    if logged_in:
        await log_in(user, *COORDINATOR)
    ids = await route_ids()
    for path in PATHS:
        response = await user.http_client.get(path.format(**ids, path=FILES.get(path, '')))

        headers = response.headers
        assert headers['x-content-type-options'] == 'nosniff', path
        assert headers['referrer-policy'] == 'same-origin', path
        csp = policy(headers['content-security-policy'])
        assert csp['frame-ancestors'] == ["'none'"], path
        assert csp['object-src'] == ["'none'"], path
        every_source = [source for sources in csp.values() for source in sources]
        assert not [s for s in every_source if '.' in s or s.startswith(('http', 'ws', '*'))], path  # no remote


async def test_the_policy_keeps_scripts_fetches_and_forms_on_this_site(user: User) -> None:
    response = await user.http_client.get('/login')

    csp = policy(response.headers['content-security-policy'])

    assert csp['default-src'] == ["'self'"]
    assert csp['connect-src'] == ["'self'"]
    assert csp['form-action'] == ["'self'"]
    assert csp['script-src'][0] == "'self'" and 'data:' not in csp['script-src']
    assert response.headers.get_list('content-security-policy') == [response.headers['content-security-policy']]
