"""「提请会议审议的文件由…审定」 through the meeting services: a topic's documents are finalized by
the post the profile names — 党组书记 (大洼 35, 大连 36), 区长/市长 (大洼 36, 大连 37), 市长或常务副市长
(大连 38), the chair (大洼 39, 大连 39) — and at 西市 21 「会议文件由区长批印…区政府办公室审核把关」
reviewed by the office first; the agenda and the materials sent wait for it; anyone else is
refused with the article and told who may; the finalizer finds it on 待办; the files are fixed."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from meeting_support import china, seen
from support import TEST_NOW, assert_refused_and_audited
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.meetings import finalizing_service, rules, scheduling, topic_flow
from zhengwu.meetings.models import Topic
from zhengwu.meetings.objects import topic_access
from zhengwu.org import service as org_service
from zhengwu.rulebook.profile import load_profile
from zhengwu.core import permissions
from zhengwu.core.tenants import Tenant
from zhengwu.todo import todo_for
from zhengwu.wiring import install

install()  # the 待办 providers, as every entry point registers them

MEETING = china(2024, 3, 21, 9)
BY = {"office": "sun", "secretary_general": "office", "executive_deputy": "exec", "head": "head",
      "oversight_deputy": "exec"}


def _reason(excinfo):
    reason = excinfo.value.verdict.reasons[0]
    return reason.code, reason.cite


def _approved_topic(gov, kind, *, chair="head", proposer="head", lead="财政局"):
    """A meeting of `kind` and a topic for it carried through the profile's pipeline."""
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind=kind, title="会议", starts_at=MEETING, ends_at=MEETING.replace(hour=11), chair_id=gov.user(chair).id))
    topic = gov.run(proposer, "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
        uow, meeting_kind=kind, title="关于财政预算调整的议题", lead_department_id=gov.department(lead).id if lead else None))
    topic = gov.run(proposer, "meetings.submit_materials", lambda uow: topic_flow.submit_materials(
        uow, topic_id=topic.id, meeting_id=meeting.id, materials="调整方案", expected_version=seen(uow, topic_id=topic.id)))
    profile = load_profile(gov.tenant.profile_id)
    for step in rules.pipeline_steps(profile, kind):
        topic = gov.run(BY[step.by], "meetings.topic_step", lambda uow, topic=topic: topic_flow.take_step(uow, topic_id=topic.id, expected_version=seen(uow, topic_id=topic.id)))
    assert topic.state == "approved"
    return meeting, topic


def _finalize(gov, who, topic):
    return gov.run(who, "meetings.finalize_documents", lambda uow: finalizing_service.finalize_documents(
        uow, topic_id=topic.id, note="同意提请会议审议", expected_version=seen(uow, topic_id=topic.id)))


def _agenda(gov, topic):
    return gov.run("sun", "meetings.put_on_agenda", lambda uow: topic_flow.put_on_agenda(uow, topic_id=topic.id, expected_version=seen(uow, topic_id=topic.id)))


def _todo(gov, who) -> set[tuple[str, str]]:
    """(kind, title) of the 会议 items on `who`'s 待办."""
    user = gov.user(who)
    with gov.db.read() as session:
        subject = permissions.subject_for(session, user.id, gov.tenant.id, TEST_NOW)
        listed = todo_for(session, session.get(Tenant, gov.tenant.id), user.id, TEST_NOW, subject)
    return {(i.kind, i.title) for g in listed.groups for i in g.items}


@pytest.mark.parametrize(("profile_id", "cite"), [("dawa-2017", "dawa-2017:35"), ("dalian-2014", "dalian-2014:36")])
def test_party_group_documents_finalized_by_the_party_secretary_article_35_36(make_gov, profile_id, cite):
    gov = make_gov(profile_id)
    head = gov.user("head")
    gov.run(None, "org.create_post", lambda uow: org_service.create_post(uow, kind="party_secretary", holder_id=head.id))
    _meeting, topic = _approved_topic(gov, "party_group", lead=None)
    with pytest.raises(RuleViolation) as refused:
        _agenda(gov, topic)
    assert _reason(refused) == ("meetings.documents_not_finalized", cite)
    assert "党组书记审定" in refused.value.verdict.reasons[0].message
    with pytest.raises(PermissionDenied) as refused:
        _finalize(gov, "exec", topic)
    assert _reason(refused) == ("meetings.wrong_finalizer", cite)
    assert refused.value.verdict.reasons[0].who.endswith("党组书记")
    assert_refused_and_audited(gov.db, gov.tenant, "meetings.finalize_documents")
    topic = _finalize(gov, "head", topic)
    assert topic.documents_finalized_as == "party_secretary"
    assert _agenda(gov, topic).state == "scheduled"


@pytest.mark.parametrize(("profile_id", "cite"), [("dawa-2017", "dawa-2017:36"), ("dalian-2014", "dalian-2014:37")])
def test_plenary_documents_finalized_by_the_head_article_36_37(make_gov, profile_id, cite):
    gov = make_gov(profile_id)
    _meeting, topic = _approved_topic(gov, "plenary", proposer="sun")
    with pytest.raises(PermissionDenied) as refused:  # the 常务副职 approved the topic, but does not finalize
        _finalize(gov, "exec", topic)
    assert _reason(refused) == ("meetings.wrong_finalizer", cite)
    with pytest.raises(RuleViolation) as refused:
        _agenda(gov, topic)
    assert _reason(refused) == ("meetings.documents_not_finalized", cite)
    topic = _finalize(gov, "head", topic)
    assert (topic.documents_finalized_as, _agenda(gov, topic).state) == ("head", "scheduled")
    with pytest.raises(RuleViolation) as refused:  # once on the agenda there is nothing left to finalize
        _finalize(gov, "head", topic)
    assert _reason(refused)[0] == "meetings.documents_not_submitted"


def test_executive_documents_finalized_by_head_or_executive_deputy_article_38(make_gov):
    """大连 38 「提请会议审议的文件由市长或常务副市长审定」."""
    gov = make_gov("dalian-2014")
    _meeting, topic = _approved_topic(gov, "executive", proposer="czj")
    with pytest.raises(PermissionDenied) as refused:
        _finalize(gov, "dep1", topic)
    assert _reason(refused) == ("meetings.wrong_finalizer", "dalian-2014:38")
    assert refused.value.verdict.reasons[0].who == "市长或常务副市长"
    assert "依据《大连市人民政府工作规则》第三十八条" in refused.value.verdict.reasons[0].message
    topic = _finalize(gov, "exec", topic)
    assert topic.documents_finalized_as == "executive_deputy"
    assert _agenda(gov, topic).state == "scheduled"


@pytest.mark.parametrize(("profile_id", "kind", "cite"), [("dalian-2014", "head_office", "dalian-2014:39"),
                                                          ("dawa-2017", "topical", "dawa-2017:39")])
def test_documents_finalized_by_the_chair_article_39(make_gov, profile_id, kind, cite):
    """大连 39 「由主持召开会议的市政府领导审定」, 大洼 39 「由主持召开会议的区政府领导确定」: the
    chair of this meeting, not the head who does not chair it."""
    gov = make_gov(profile_id)
    _meeting, topic = _approved_topic(gov, kind, chair="dep1", proposer="dep1")
    with pytest.raises(PermissionDenied) as refused:
        _finalize(gov, "head", topic)
    assert _reason(refused) == ("meetings.wrong_finalizer", cite)
    topic = _finalize(gov, "dep1", topic)
    assert topic.documents_finalized_as == "chair"
    assert _agenda(gov, topic).state == "scheduled"


def test_xishi_documents_reviewed_by_the_office_then_printed_by_the_head_article_21(make_gov):
    """西市 21 「会议文件由区长批印…区政府办公室审核把关」: the office reviews, then the 区长; the
    materials are then fixed; the 区长's 待办 shows the step only once it is his."""
    gov = make_gov("xishi-2024")
    meeting, topic = _approved_topic(gov, "executive", proposer="exec")
    with pytest.raises(RuleViolation) as refused:
        _finalize(gov, "head", topic)
    assert _reason(refused) == ("meetings.documents_not_reviewed", "xishi-2024:21")
    with pytest.raises(RuleViolation) as refused:
        _agenda(gov, topic)
    assert _reason(refused) == ("meetings.documents_not_reviewed", "xishi-2024:21")
    with pytest.raises(PermissionDenied) as refused:
        gov.run("czj", "meetings.review_documents", lambda uow: finalizing_service.review_documents(uow, topic_id=topic.id, expected_version=seen(uow, topic_id=topic.id)))
    assert _reason(refused) == ("meetings.wrong_documents_reviewer", "xishi-2024:21")
    item = ("审定会议文件", topic.title)
    assert ("审核会议文件", topic.title) in _todo(gov, "sun") and item not in _todo(gov, "head")
    assert ("列入会议议程", topic.title) not in _todo(gov, "sun")
    with gov.db.read() as session:
        before = finalizing_service.documents_actions(session, gov.tenant, topic, gov.user("head").id, TEST_NOW)
    assert before["next"] == "review" and not before["finalize"].ok
    topic = gov.run("sun", "meetings.review_documents", lambda uow: finalizing_service.review_documents(
        uow, topic_id=topic.id, note="文字已核", expected_version=seen(uow, topic_id=topic.id)))
    with gov.db.read() as session:
        after = finalizing_service.documents_actions(session, gov.tenant, topic, gov.user("head").id, TEST_NOW)
        clerk = finalizing_service.documents_actions(session, gov.tenant, topic, gov.user("sun").id, TEST_NOW)
    assert after["next"] == "finalize" and after["finalize"].ok and not clerk["finalize"].ok
    assert item in _todo(gov, "head") and ("审核会议文件", topic.title) not in _todo(gov, "sun")
    topic = _finalize(gov, "head", topic)
    assert item not in _todo(gov, "head") and ("列入会议议程", topic.title) in _todo(gov, "sun")
    with gov.db.read() as session:  # 批印 fixes the materials
        files = topic_access(session, gov.tenant.id, gov.user("czj").id, topic.id, "material", TEST_NOW)
    assert [(r.code, r.cite) for r in files.frozen.reasons] == [("files.documents_finalized", "xishi-2024:21")]
    _agenda(gov, topic)
    assert gov.run("sun", "meetings.send_materials", lambda uow: scheduling.send_materials(
        uow, meeting_id=meeting.id, expected_version=seen(uow, meeting_id=meeting.id))).materials_sent_at is not None


def test_materials_not_sent_with_unfinalized_documents_article_36(make_gov):
    """大洼 36: a topic that reached the agenda without its 审定 (before the rule was kept here)
    holds the materials back until the 区长 finalizes."""
    gov = make_gov("dawa-2017")
    meeting, topic = _approved_topic(gov, "plenary", proposer="sun")
    _finalize(gov, "head", topic)
    _agenda(gov, topic)
    with gov.db.write() as session:
        session.execute(update(Topic).where(Topic.id == topic.id).values(documents_finalized_by_id=None))
    with pytest.raises(RuleViolation) as refused:
        gov.run("sun", "meetings.send_materials", lambda uow: scheduling.send_materials(uow, meeting_id=meeting.id, expected_version=seen(uow, meeting_id=meeting.id)))
    assert _reason(refused) == ("meetings.documents_not_finalized", "dawa-2017:36")
