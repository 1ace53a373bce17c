"""Onboarding with storage: a text added at run time (title, number, date, repairs) is stored,
cited and searched like the shipped ones; a draft is reviewed value by value with who decided;
adoption needs every value decided and shown by its article (or kept with a reason); a tenant
then runs under the stored profile, in this process and in a new one."""

from __future__ import annotations

from datetime import date

import pytest
from onboarding_texts import COUNTY, TOWNSHIP
from support import TEST_NOW

from zhengwu.core import tenants
from zhengwu.core.errors import PermissionDenied, StaleVersion
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.core.verdict import RuleViolation
from zhengwu.onboarding import store
from zhengwu.onboarding.models import StoredProfile
from zhengwu.rulebook import profile as profiles
from zhengwu.rulebook import sources
from zhengwu.rulebook.search import search

# A heading whose 「条」 was lost in copying: the parser repairs it and lists the repair.
DAMAGED = TOWNSHIP.replace("第六条　会签部门", "第六　会签部门")


def _uow(db, action="onboarding", user=None):
    actor = Actor(user.id, f"{user.display_name}（{user.username}）") if user else Actor.system("测试")
    return unit_of_work(db, actor, action, now=TEST_NOW)


def _add(db, text_id="mouzhen-2025", text=COUNTY, name="某县工作规则.txt", user=None):
    with _uow(db, user=user) as uow:
        row = store.add_text(uow, text_id=text_id, filename=name, data=text.encode("utf-8"))
        return row.id


def test_a_text_added_at_run_time_is_stored_with_title_number_date_and_cited(db):
    _add(db)
    with db.read() as session:
        row = store.get_text(session, "mouzhen-2025")
        assert (row.title, row.doc_number, row.issued_on) == ("某县人民政府工作规则", "某政发〔2025〕3号", date(2025, 3, 1))
    assert sources.load("mouzhen-2025").get("6").text.startswith("县政府召开的全县性会议")
    hits = search("绝密事项", ids=["mouzhen-2025"])
    assert hits[0].id == "mouzhen-2025:5"


def test_every_repair_is_listed(db):
    _add(db, "mouzhen-damaged", DAMAGED)
    with db.read() as session:
        repairs = store.get_text(session, "mouzhen-damaged").repairs
    assert len(repairs) == 1 and "第六条" in repairs[0]["message"]


def test_a_text_is_readable_from_docx(db, tmp_path):
    from docx import Document

    document = Document()
    for line in TOWNSHIP.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "t.docx"
    document.save(str(path))
    with _uow(db) as uow:
        store.add_text(uow, text_id="mouzhen-docx", filename="某镇工作规则.docx", data=path.read_bytes())
    assert sources.load("mouzhen-docx").get("7").text == "重大突发事件必须于20分钟内报告镇政府。"


@pytest.mark.parametrize("text_id, filename, data, message", [
    ("dawa-2017", "a.txt", TOWNSHIP.encode(), "已被使用"),
    ("Bad Id", "a.txt", TOWNSHIP.encode(), "无效"),
    ("mouzhen-pdf", "a.pdf", b"%PDF", "不是 .txt 或 .docx"),
    ("mouzhen-gbk", "a.txt", TOWNSHIP.encode("gb18030"), "GBK"),
])
def test_bad_uploads_are_refused_in_chinese_and_change_nothing(db, text_id, filename, data, message):
    with pytest.raises(RuleViolation) as refusal, _uow(db) as uow:
        store.add_text(uow, text_id=text_id, filename=filename, data=data)
    assert message in refusal.value.verdict.reasons[0].message
    with db.read() as session:
        assert store.list_texts(session) == []


def test_only_the_platform_operator_may_onboard(db, make_user):
    clerk = make_user("clerk")
    with pytest.raises(PermissionDenied):
        _add(db, user=clerk)


def _draft(db, text_id="mouzhen-2025", text=COUNTY):
    _add(db, text_id, text)
    with _uow(db) as uow:
        return store.create_draft(uow, text_id=text_id).id


def _decide(db, draft_id, key, decision="accept", value="", reason="", user=None):
    with _uow(db, user=user) as uow:
        return store.decide(uow, draft_id=draft_id, key=key, decision=decision, value_text=value, reason=reason,
                            expected_version=_seen(uow, draft_id))


def _seen(uow, draft_id: int) -> int:
    """The draft's version as the reviewer's page shows it now."""
    return store.get_draft(uow.session, draft_id).version


def _accept_all(db, draft_id, user=None):
    with db.read() as session:
        row = store.get_draft(session, draft_id)
        decided = store.decisions_of(session, draft_id)
        keys = [p["key"] for p in row.proposals if p["key"] not in decided]
    for key in keys:
        _decide(db, draft_id, key, user=user)


def test_a_draft_proposes_values_and_lists_the_inherited(db):
    draft_id = _draft(db)
    with db.read() as session:
        row = store.get_draft(session, draft_id)
    keys = {p["key"]: p for p in row.proposals}
    assert keys["conference.max_speech_minutes"]["value"] == 15
    assert keys["conference.max_speech_minutes"]["sentence"] == "县政府召开的全县性会议，会议时间原则上不超过1小时，领导讲话不超过15分钟。"
    assert row.level == "county" and row.name == "某县人民政府"
    assert "decisions.public_comment_min_days" in row.inherited


def test_decisions_record_who_decided_and_a_correction_in_words(db, make_user):
    reviewer = make_user("fazhi", platform_admin=True, display_name="李法制")
    draft_id = _draft(db)
    _decide(db, draft_id, "meetings.party_group.chair", "correct", "县政府党组书记", user=reviewer)
    _decide(db, draft_id, "conference.max_speech_minutes", "correct", "10", user=reviewer)
    _decide(db, draft_id, "meetings.types", "reject", user=reviewer)
    with db.read() as session:
        decisions = store.decisions_of(session, draft_id)
    assert decisions["meetings.party_group.chair"].value == ["party_secretary"]
    assert decisions["conference.max_speech_minutes"].value == 10
    assert decisions["meetings.types"].value is None
    assert {d.decided_by_name for d in decisions.values()} == {"李法制"}
    with pytest.raises(RuleViolation) as refusal:
        _decide(db, draft_id, "conference.max_speech_minutes", "correct", "十分钟")
    assert "整数" in refusal.value.verdict.reasons[0].message


def test_adoption_waits_for_every_value_and_for_the_text_to_show_it(db):
    draft_id = _draft(db)
    with pytest.raises(RuleViolation) as refusal, _uow(db) as uow:
        store.adopt(uow, draft_id=draft_id, expected_version=_seen(uow, draft_id))
    assert "未审核" in refusal.value.verdict.reasons[0].message
    _decide(db, draft_id, "conference.max_speech_minutes", "correct", "30")
    _accept_all(db, draft_id)
    with pytest.raises(RuleViolation) as refusal, _uow(db) as uow:
        store.adopt(uow, draft_id=draft_id, expected_version=_seen(uow, draft_id))
    # The text names a 县长办公会议 but says nothing of it: nobody would sign its minutes.
    assert "head_office 在 meetings.types 中，但没有纪要签发人" in refusal.value.verdict.reasons[0].message
    _decide(db, draft_id, "meetings.types", "correct", "县政府党组会议、全体会议、常务会议、专题会议")
    _decide(db, draft_id, "meetings.head_office.name", "reject")
    with pytest.raises(RuleViolation) as refusal, _uow(db) as uow:
        store.adopt(uow, draft_id=draft_id, expected_version=_seen(uow, draft_id))
    assert [r.message for r in refusal.value.verdict.reasons] == [
        "conference.max_speech_minutes（6）：条文中没有数字 30（如确需保留，请填写理由）"]
    _decide(db, draft_id, "conference.max_speech_minutes", "correct", "30", reason="县委办通知调整为30分钟")
    with _uow(db) as uow:
        stored = store.adopt(uow, draft_id=draft_id, expected_version=_seen(uow, draft_id))
        assert "县委办通知调整为30分钟" in stored.yaml
    adopted = profiles.load_profile("mouzhen-2025")
    assert adopted.conference.max_speech_minutes.value == 30
    from zhengwu.rulebook.signing import chain

    steps = chain(adopted, "office", "notice", important=True, normative=False, from_executive_meeting=False,
                  addressee=None, matter=None, cross_portfolio=True)
    assert [(s.kind, s.post) for s in steps][-1] == ("sign_off", "executive_deputy")
    assert steps[-1].cite == "mouzhen-2025:9"
    assert adopted.level == "county"
    assert adopted.decisions.public_comment_min_days.inherited_from == "default"


def test_an_adoption_read_before_a_decision_changed_is_refused(db):
    """Issue 11 point 5: the draft is adopted as the adopter saw it; a decision changed since (by
    another reviewer) refuses the adoption as stale, nothing adopted; so does a decision taken on
    the draft before another's."""
    draft_id = _draft(db)
    _decide(db, draft_id, "meetings.types", "correct", "县政府党组会议、全体会议、常务会议、专题会议")
    _decide(db, draft_id, "meetings.head_office.name", "reject")
    _accept_all(db, draft_id)
    with db.read() as session:
        seen = store.get_draft(session, draft_id).version
    changed = _decide(db, draft_id, "conference.max_speech_minutes", "accept", reason="复核")
    with pytest.raises(StaleVersion), _uow(db) as uow:
        store.adopt(uow, draft_id=draft_id, expected_version=seen)
    with pytest.raises(StaleVersion), _uow(db) as uow:
        store.decide(uow, draft_id=draft_id, key="conference.max_speech_minutes", decision="reject",
                     expected_version=seen)
    with db.read() as session:
        assert store.get_draft(session, draft_id).state == "review"
        assert session.query(StoredProfile).count() == 0
        assert store.decisions_of(session, draft_id)["conference.max_speech_minutes"].id == changed.id
    with _uow(db) as uow:
        store.adopt(uow, draft_id=draft_id, expected_version=seen + 1)


def test_a_tenant_adopts_the_stored_profile_also_in_a_new_process(db, monkeypatch):
    draft_id = _draft(db)
    _decide(db, draft_id, "meetings.types", "correct", "县政府党组会议、全体会议、常务会议、专题会议")
    _decide(db, draft_id, "meetings.head_office.name", "reject")
    _accept_all(db, draft_id)
    with _uow(db) as uow:
        store.adopt(uow, draft_id=draft_id, expected_version=_seen(uow, draft_id))
    # A new process knows neither the text nor the profile until it reads them from the database.
    monkeypatch.setattr(profiles, "_REGISTERED", {})
    monkeypatch.setattr(sources, "_REGISTERED", {})
    with unit_of_work(db, Actor.system("测试"), "tenant.create", now=TEST_NOW) as uow:
        tenant = tenants.create_tenant(uow, slug="mouxian", name="某县人民政府", profile_id="mouzhen-2025")
        tenant_id = tenant.id
    monkeypatch.setattr(profiles, "_REGISTERED", {})
    monkeypatch.setattr(sources, "_REGISTERED", {})
    with db.read() as session:
        profile = tenants.profile_on(session, tenant_id, TEST_NOW.date())
    assert profile.meeting("party_group").cadence.value == ">=2/year"
    assert profile.cite(profile.meeting("party_group").cadence) == "mouzhen-2025:3"


def test_a_tenant_cannot_take_a_draft_not_yet_adopted(db):
    _draft(db)
    with pytest.raises(RuleViolation):
        with unit_of_work(db, Actor.system("测试"), "tenant.create", now=TEST_NOW) as uow:
            tenants.create_tenant(uow, slug="mouxian", name="某县人民政府", profile_id="mouzhen-2025")
