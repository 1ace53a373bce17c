"""Tenants: creation, listing, adopting a profile version as an audited, versioned action."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from zhengwu.cli.main import app as cli
from zhengwu.core import audit, tenants
from zhengwu.core.errors import StaleVersion
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation
from zhengwu.versions import service as versions

from support import TEST_NOW


def test_create_and_list(db, make_tenant):
    make_tenant("dawa", "dawa-2017")
    make_tenant("dalian", "dalian-2014")
    with db.read() as session:
        rows = tenants.list_tenants(session)
    assert [(t.slug, t.profile_id) for t in rows] == [("dawa", "dawa-2017"), ("dalian", "dalian-2014")]


@pytest.mark.parametrize("slug, profile, code", [
    ("dawa", "dawa-2017", "duplicate_tenant"),
    ("Bad Slug", "dawa-2017", "invalid_slug"),
    ("other", "no-such-profile", "unknown_profile"),
])
def test_invalid_tenants_are_refused_with_reasons(db, make_tenant, slug, profile, code):
    make_tenant("dawa")
    with pytest.raises(RuleViolation) as refused:
        with unit_of_work(db, Actor.system(), "tenant.create", now=TEST_NOW) as uow:
            tenants.create_tenant(uow, slug=slug, name="某区人民政府", profile_id=profile)
    assert code in [r.code for r in refused.value.verdict.reasons]
    with db.read() as session:
        assert len(tenants.list_tenants(session)) == 1


def _adopt(db, tenant, profile_id, day, version, *, confirmed=True):
    with unit_of_work(db, Actor.system(), "tenant.adopt_profile", tenant_id=tenant.id, now=TEST_NOW) as uow:
        current = tenants.get_tenant(uow.session, tenant.slug)
        versions.adopt_profile(uow, current, profile_id, day, confirmed=confirmed, expected_version=version)
        return current


def test_adopting_a_version_is_audited_on_both_chains(db, make_tenant):
    tenant = make_tenant("dawa", "dawa-2017")
    adopted = _adopt(db, tenant, "wolong-2018", date(2024, 3, 4), 1)
    assert (adopted.profile_id, adopted.version) == ("wolong-2018", 2)
    with db.read() as session:
        history = tenants.profile_versions(session, tenant.id)
        assert [(v.profile_id, v.effective_from) for v in history] == [("dawa-2017", None), ("wolong-2018", date(2024, 3, 4))]
        for chain in (audit.PLATFORM_CHAIN, audit.chain_of(tenant.id)):
            event = audit.recent(session, chain, limit=1)[0]
            assert event.action == "tenant.adopt_profile"
            assert event.summary["before"]["profile_id"] == "dawa-2017"
            assert event.summary["after"]["adopted"]["effective_from"] == "2024-03-04"


def test_adopting_with_a_stale_version_shows_the_current_state(db, make_tenant):
    tenant = make_tenant()
    _adopt(db, tenant, "wolong-2018", date(2024, 3, 4), 1)
    with pytest.raises(StaleVersion) as stale:
        _adopt(db, tenant, "dalian-2014", date(2024, 3, 5), 1)
    assert stale.value.extra["current"]["profile_id"] == "wolong-2018"
    assert stale.value.extra["current"]["version"] == 2
    assert "已被他人修改" in stale.value.message


def test_cli_tenant_list_and_adopt(db, database_url, make_tenant, monkeypatch):
    make_tenant("dawa", "dawa-2017", "大洼测试区人民政府")
    monkeypatch.setenv("ZHENGWU_DATABASE_URL", database_url)
    runner = CliRunner()
    listed = runner.invoke(cli, ["tenant", "list"])
    assert listed.exit_code == 0 and "dawa\tdawa-2017\t大洼测试区人民政府" in listed.output
    refused = runner.invoke(cli, ["tenant", "adopt-profile", "dawa", "nowhere-1999", "--from", "2030-01-01"])
    assert refused.exit_code == 1 and "没有名为「nowhere-1999」的规则配置" in refused.output
    unconfirmed = runner.invoke(cli, ["tenant", "adopt-profile", "dawa", "dalian-2014", "--from", "2030-01-01"])
    assert unconfirmed.exit_code == 1 and "另一政府的规则" in unconfirmed.output and "--confirm" in unconfirmed.output
    assert "逐条变化" in unconfirmed.output and "meetings.executive.cadence" in unconfirmed.output
    adopted = runner.invoke(cli, ["tenant", "adopt-profile", "dawa", "dalian-2014", "--from", "2030-01-01", "--confirm"])
    assert adopted.exit_code == 0, adopted.output
    assert "dawa\tdalian-2014" in runner.invoke(cli, ["tenant", "list"]).output
    history = runner.invoke(cli, ["tenant", "versions", "dawa"]).output
    assert "设立时起\tdawa-2017" in history and "2030-01-01\tdalian-2014" in history
