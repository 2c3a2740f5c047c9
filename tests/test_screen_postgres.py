"""The demo on PostgreSQL (`berdaya --demo --database-url …`) in real Chromium at 360×740: she logs in and checks
in, and the check-in is in the tenant's documents on the database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from nicegui.testing import Screen

from models.attendance import Attendance, Method, Status, attendance_id
from store.pg_engine import PostgresStore
from ui.runtime import runtime
from ui.settings import Settings

from .conftest import KUE_TRAINEE, her_participant_id, projected_path, screen_log_in, started_a_moment_ago
from .engines import Engine, postgres_url, tenant_of


@pytest.fixture
def on_postgres(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> Iterator[Engine]:
    """The `screen` fixture's app on a tenant of its own on the test server (listed before `screen`)."""
    url = postgres_url()
    with tenant_of(url) as tenant:
        monkeypatch.setenv('BERDAYA_DATABASE_URL', url)
        monkeypatch.setenv('BERDAYA_TENANT', tenant)
        runtime.reset(Settings())
        yield Engine('postgres', runtime.settings.data, url, tenant)


@pytest.mark.demo
def test_the_demo_on_postgresql_logs_her_in_and_checks_her_in(on_postgres: Engine, screen: Screen) -> None:
    screen_log_in(screen, KUE_TRAINEE)
    day = started_a_moment_ago()
    screen.selenium.get(screen.url + projected_path(day))
    screen.should_contain('Hadir, pukul')
    record_id = attendance_id(day.id, her_participant_id())
    record = runtime.store.get(Attendance, record_id)
    assert record is not None and record.status == Status.HADIR and record.how == Method.SELF_SCAN
    saved = on_postgres.durable()[0]['attendance'][record_id]
    assert Attendance.model_validate(saved) == record  # in the tenant's documents
    assert isinstance(runtime.store, PostgresStore)
