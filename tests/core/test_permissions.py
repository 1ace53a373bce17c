"""Permissions: actions allowed by the user's standing; refusals in Chinese, audited, changing nothing."""

from __future__ import annotations

import pytest

from zhengwu.core import audit, permissions, tenants
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.permissions import Subject
from zhengwu.core.uow import unit_of_work

from support import TEST_NOW


def test_predicates():
    clerk = Subject(1, 1, is_member=True, posts=frozenset({"office_clerk"}))
    head = Subject(2, 1, is_member=True, posts=frozenset({"head"}))
    outsider = Subject(3, 1)
    signs = permissions.any_of(permissions.holds("head", "executive_deputy"), permissions.platform_admin)
    assert signs(head) and not signs(clerk) and not signs(outsider)
    assert permissions.member(clerk) and not permissions.member(outsider)


def test_a_refusal_says_what_and_who_in_chinese():
    verdict = permissions.check("tenant.adopt_profile", Subject(1, 1, is_member=True))
    assert not verdict.ok
    assert verdict.reasons[0].code == "forbidden"
    assert verdict.reasons[0].message == "您无权采用新版工作规则（规则配置）：此操作仅限平台管理员。"


def test_posts_come_from_the_plugged_in_lookup(db, make_tenant, make_user, monkeypatch):
    tenant = make_tenant()
    user = make_user("zhang", tenants=[tenant])
    seen = []

    def lookup(session, tenant_id, user_id, now):
        seen.append((tenant_id, user_id, now))
        return frozenset({"head"})

    monkeypatch.setattr(permissions, "_post_lookup", [lookup])
    with db.read() as session:
        subject = permissions.subject_for(session, user.id, tenant.id, TEST_NOW)
    assert subject.posts == {"head"} and subject.is_member
    assert seen == [(tenant.id, user.id, TEST_NOW)]


def test_non_members_hold_no_posts_there(db, make_tenant, make_user, monkeypatch):
    tenant, other = make_tenant(), make_tenant("dalian", "dalian-2014")
    user = make_user("zhang", tenants=[other])
    monkeypatch.setattr(permissions, "_post_lookup", [lambda *args: frozenset({"head"})])
    with db.read() as session:
        subject = permissions.subject_for(session, user.id, tenant.id, TEST_NOW)
    assert not subject.is_member and subject.posts == frozenset()


def test_a_forbidden_action_is_refused_audited_and_changes_nothing(db, make_tenant, make_user):
    tenant = make_tenant()
    user = make_user("zhang", tenants=[tenant])
    with pytest.raises(PermissionDenied) as refused:
        with unit_of_work(db, user.actor, "tenant.adopt_profile", tenant_id=tenant.id, now=TEST_NOW) as uow:
            current = tenants.get_tenant(uow.session, "dawa")
            current.profile_id = "wolong-2018"  # a change made before the check must not survive
            uow.session.flush()
            permissions.require(uow, "tenant.adopt_profile")
    assert refused.value.status == 403
    with db.read() as session:
        row = tenants.get_tenant(session, "dawa")
        assert (row.profile_id, row.version) == ("dawa-2017", 1)
        event = audit.recent(session, audit.chain_of(tenant.id), limit=1)[0]
    assert (event.action, event.outcome, event.actor_user_id) == ("tenant.adopt_profile", "refused", user.id)
    assert "仅限平台管理员" in event.summary["detail"]["reasons"][0]["message"]
