"""Levels from the State Council to a township, and posts a text names beyond the fixed codes
(国务委员, 省长助理, 党组书记 of a ministry …) declared with their duties and usable in the org."""

from __future__ import annotations

import pytest
from onboarding_texts import PROVINCE
from support import TEST_NOW

from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation
from zhengwu.org import service as org
from zhengwu.rulebook import labels, sources
from zhengwu.rulebook.articles import parse_text
from zhengwu.rulebook.facts import facts
from zhengwu.rulebook.profile import ProfileError, load_profile_data, register_profile


def _province(**extra):
    sources.register(parse_text(PROVINCE, "test-province"))
    data = {"id": "test-province", "name": "某省人民政府", "source": "test-province", "inherits": "default",
            "level": "province",
            "posts": {"head": {"value": "省长", "cite": "1"}, "secretary_general": {"value": "秘书长", "cite": "1"}},
            "declared_posts": {"assistant": {"value": {"title": "省长助理", "duties": ["协助省长负责有关方面的工作"]},
                                             "cite": "5"}},
            "meetings": {"types": {"value": ["executive", "head_office"], "cite": "2"},
                         "executive": {"minutes_signer": {"value": "head", "cite": "3"}},
                         "head_office": {"minutes_signer": {"value": "head", "cite": "4"}}}}
    data.update(extra)
    return load_profile_data(data, "test-province.yaml")


@pytest.mark.parametrize("level", ["national", "province", "city", "county", "district", "township"])
def test_every_level_of_government(level):
    assert _province(level=level).level == level


def test_an_unknown_level_is_refused_naming_the_choices():
    with pytest.raises(ProfileError) as error:
        _province(level="village")
    assert "township" in error.value.problems[0] and "level" in error.value.problems[0]


def test_a_declared_post_is_a_cited_fact_with_its_duties_and_its_title():
    profile = _province()
    fact = facts(profile)["declared_posts.assistant"]
    assert fact["value"] == {"title": "省长助理", "duties": ["协助省长负责有关方面的工作"]}
    assert fact["cite"] == "test-province:5"
    assert labels.titles(profile)["assistant"] == "省长助理"


@pytest.mark.parametrize("code, message", [("Assistant", "小写字母"), ("head", "固定职务代码重复")])
def test_a_declared_post_code_must_be_new_and_plain(code, message):
    with pytest.raises(ProfileError) as error:
        _province(declared_posts={code: {"value": {"title": "省长助理"}, "cite": "5"}})
    assert message in error.value.problems[0]


def test_the_org_seats_a_declared_post_with_the_texts_title(db, make_tenant):
    register_profile(_province())
    tenant = make_tenant(slug="mousheng", profile_id="test-province")
    with unit_of_work(db, Actor.system("测试"), "org.create_post", tenant_id=tenant.id, now=TEST_NOW) as uow:
        post = org.create_post(uow, kind="assistant")
        assert post.title == "省长助理"
    with pytest.raises(RuleViolation) as refusal:
        with unit_of_work(db, Actor.system("测试"), "org.create_post", tenant_id=tenant.id, now=TEST_NOW) as uow:
            org.create_post(uow, kind="state_councilor")
    assert "职务类别「state_councilor」无效" in refusal.value.verdict.reasons[0].message
