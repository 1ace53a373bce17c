"""Tenants: creation, listing, profile switching as an audited, versioned action."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from zhengwu.cli.main import app as cli
from zhengwu.core import audit, tenants
from zhengwu.core.errors import StaleVersion
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation

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


def test_switching_profile_is_audited_on_both_chains(db, make_tenant):
    tenant = make_tenant("dawa", "dawa-2017")
    with unit_of_work(db, Actor.system(), "tenant.switch_profile", tenant_id=tenant.id, now=TEST_NOW) as uow:
        switched = tenants.switch_profile(uow, tenants.get_tenant(uow.session, "dawa"), "wolong-2018", 1)
    assert (switched.profile_id, switched.version) == ("wolong-2018", 2)
    with db.read() as session:
        for chain in (audit.PLATFORM_CHAIN, audit.chain_of(tenant.id)):
            event = audit.recent(session, chain, limit=1)[0]
            assert event.action == "tenant.switch_profile"
            assert event.summary["before"]["profile_id"] == "dawa-2017"
            assert event.summary["after"]["profile_id"] == "wolong-2018"


def test_switching_with_a_stale_version_shows_the_current_state(db, make_tenant):
    tenant = make_tenant()
    with unit_of_work(db, Actor.system(), "tenant.switch_profile", tenant_id=tenant.id, now=TEST_NOW) as uow:
        tenants.switch_profile(uow, tenants.get_tenant(uow.session, "dawa"), "wolong-2018", 1)
    with pytest.raises(StaleVersion) as stale:
        with unit_of_work(db, Actor.system(), "tenant.switch_profile", tenant_id=tenant.id, now=TEST_NOW) as uow:
            tenants.switch_profile(uow, tenants.get_tenant(uow.session, "dawa"), "dalian-2014", 1)
    assert stale.value.extra["current"]["profile_id"] == "wolong-2018"
    assert stale.value.extra["current"]["version"] == 2
    assert "已被他人修改" in stale.value.message


def test_cli_tenant_list_and_switch(db, database_url, make_tenant, monkeypatch):
    make_tenant("dawa", "dawa-2017", "大洼测试区人民政府")
    monkeypatch.setenv("ZHENGWU_DATABASE_URL", database_url)
    runner = CliRunner()
    listed = runner.invoke(cli, ["tenant", "list"])
    assert listed.exit_code == 0 and "dawa\tdawa-2017\t大洼测试区人民政府" in listed.output
    refused = runner.invoke(cli, ["tenant", "switch-profile", "dawa", "nowhere-1999"])
    assert refused.exit_code == 1 and "没有名为「nowhere-1999」的规则配置" in refused.output
    switched = runner.invoke(cli, ["tenant", "switch-profile", "dawa", "dalian-2014"])
    assert switched.exit_code == 0
    assert "dawa\tdalian-2014" in runner.invoke(cli, ["tenant", "list"]).output
