"""Document rules that broke when used (issue 12), through the services: the 常务副区长 signs where
the text says 副区长 (西市 31(五)); a chain with a step nobody holds is refused when it is sent for
signing, naming the post (海南区 62 办公室副主任, 西市 31(八) 分管副区长); 海南区 21: the legality
review is the 区司法局's and comes before the sign-off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from documents_support import at, executive_resolution, seen_document

from zhengwu.core.errors import NotFound, PermissionDenied
from zhengwu.core.verdict import RuleViolation
from zhengwu.documents import drafting, issuing, reading, signing
from zhengwu.org import service as org
from zhengwu.org.models import Post
from meeting_support import seen


def _draft(office, **extra):
    args = dict(issuer="government", doc_type="notice", title="关于做好春季农业生产工作的通知", body="各街道：……",
                main_recipients="各街道办事处")
    args.update(extra)
    return office.run("office", "document.draft", lambda uow: drafting.create_draft(uow, **args))


def _codes(caught):
    return [(r.code, r.cite) for r in caught.value.verdict.reasons]


def test_xishi_31_5_routine_approval_signed_by_the_executive_deputy_as_a_deputy(make_office):
    """「属于例行批准手续的事项，由区长或副区长签发」: the 常务副区长 is a 副区长."""
    office = make_office("xishi-2024")
    doc = _draft(office, department_id=office.department("zrj"), matter="routine_approval")
    office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    office.run("dep1", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="review"))  # 31(八) 分管审核
    signed = office.run("exec", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"))
    assert signed.state == "signed" and signed.signer_id == office.user("exec").id


def test_wuhai_hainan_62_office_document_needs_a_deputy_office_director(make_office):
    """「区政府办公名义发文，由区政府办公室副主任审核」: with the post vacant the chain cannot be
    finished, so sending it for signing is refused naming the post; filled, it goes."""
    office = make_office("wuhai-hainan-2023")
    with office.db.read() as session:
        post = session.query(Post).filter_by(tenant_id=office.tenant.id, kind="deputy_office_director").one()
    office.run(None, "org.assign_holder", lambda uow: org.assign_holder(
        uow, post_id=post.id, holder_id=None, expected_version=post.version))
    doc = _draft(office, issuer="office", department_id=office.department("zjj"))
    with pytest.raises(RuleViolation) as caught:
        office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    assert _codes(caught) == [("step_unholdable", "wuhai-hainan-2023:62")]
    assert "区政府办公室副主任" in caught.value.verdict.reasons[0].message
    with office.db.read() as session:
        post = session.get(Post, post.id)
    office.run(None, "org.assign_holder", lambda uow: org.assign_holder(
        uow, post_id=post.id, holder_id=office.user("office2").id, expected_version=post.version))
    sent = office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    assert sent.state == "signing"
    office.run("office2", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="review"))
    assert office.run("office", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off")).state == "signed"


def test_xishi_31_8_office_notice_without_a_lead_department_names_the_missing_overseer(make_office):
    """「报区政府领导同志签批的公文，先经分管领导审核把关」: a notice no department leads has no 分管
    副区长 to review it; refused at sending, with the article."""
    office = make_office("xishi-2024")
    doc = _draft(office, issuer="office")
    with pytest.raises(RuleViolation) as caught:
        office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    assert ("step_unholdable", "xishi-2024:31.8") in _codes(caught)
    assert "分管副区长" in caught.value.verdict.reasons[0].message


def test_wuhai_hainan_21_legality_review_by_the_justice_bureau_before_sign_off(make_office):
    """「经区司法局合法性审查后，由起草责任部门提请区政府常务会议审议决定」: the drafting department
    cannot record the review itself, and the 区长 cannot sign before it exists."""
    office = make_office("wuhai-hainan-2023")
    doc = _draft(office, normative=True, department_id=office.department("zjj"), title="关于规范物业服务收费的通知")
    office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    office.run("sun", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="review"), now=at(1))
    with pytest.raises(RuleViolation) as caught:
        office.run("head", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"), now=at(1))
    assert _codes(caught) == [("legality_review_missing", "wuhai-hainan-2023:21"),
                              ("reserved_matter_resolution_missing", "wuhai-hainan-2023:21")]
    for who in ("zjj", "office"):  # the drafting department, the office: not the 区司法局
        with pytest.raises(PermissionDenied) as caught:
            office.run(who, "document.review", lambda uow: issuing.record_review(
                uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), review="legality_review", passed=True), now=at(1))
        assert _codes(caught) == [("wrong_reviewer", "wuhai-hainan-2023:21")]
        assert "区司法局" in caught.value.verdict.reasons[0].message
    office.run("sfj", "document.review", lambda uow: issuing.record_review(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), review="legality_review", passed=True, note="经审查，未发现违法内容"), now=at(1))
    resolution_id = executive_resolution(office)  # then the 常务会议 decides it
    office.run("office", "document.name_resolution", lambda uow: issuing.name_resolution(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), resolution_id=resolution_id), now=at(1))
    signed = office.run("head", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"), now=at(1))
    assert signed.state == "signed"


@pytest.mark.parametrize("classification", [None, "secret"])
def test_dawa_26_issued_policy_queued_for_disclosure(make_office, classification):
    """「区政府及各部门制定的政策，除依法需要保密的外，应及时公布」: an issued policy goes to the
    disclosure queue by itself; a classified one is recorded as withheld; a document that is no
    policy is not queued (大洼 publishes policies, not every document)."""
    from zhengwu.disclosure import service as disclosure

    office = make_office("dawa-2017")
    if classification:
        for who in ("office", "dep1", "head"):
            office.run("head", "document.clearance", lambda uow, who=who: reading.grant_clearance(
                uow, user_id=office.user(who).id, level="secret"))
    for policy in (True, False):
        doc = _draft(office, department_id=office.department("zjj"), policy=policy, classification=classification,
                     classification_term="1年" if classification else None,
                     title="关于支持小微企业发展的若干措施" if policy else "关于召开春耕备耕工作会议的通知")
        office.run("office", "document.send_for_signing", lambda uow, doc=doc: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
        for who in ("office", "dep1"):
            office.run(who, "document.step", lambda uow, doc=doc: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="review"))
        office.run("head", "document.step", lambda uow, doc=doc: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"))
        issued = office.run("office", "document.issue", lambda uow, doc=doc: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
        if policy:
            number = issued.doc_number
    with office.db.read() as session:
        queued = disclosure.items(session, office.tenant.id)
    assert [(i.kind, i.source_ref, i.state, i.required) for i in queued] == [
        ("policy", number, "withheld" if classification else "queued", True)]


def test_xishi_18_document_carrying_out_a_meeting_decision_names_its_resolution(make_office):
    """西市 18 「重大问题，须经区政府常务会议或者区政府全体会议讨论决定」 and 31(五) 「经区政府常务会议
    决定的事项由区长签发」: such a document names the resolution — of signed minutes, of a meeting
    that decides — before it goes for signing."""
    from datetime import date

    from support import TEST_NOW
    from zhengwu.meetings import minutes_flow, scheduling

    office = make_office("xishi-2024")
    head = office.user("head")
    zjj = office.department("zjj")

    def resolution(kind, sign):
        day = TEST_NOW - timedelta(days=3)
        meeting = office.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
            uow, kind=kind, title="会议", starts_at=day, ends_at=day + timedelta(hours=2), chair_id=head.id))
        office.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
            uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=seen(uow, meeting_id=meeting.id)))
        minutes = office.run("sun", "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(uow, meeting_id=meeting.id, body="议定", expected_version=seen(uow, meeting_id=meeting.id)))
        found = office.run("sun", "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
            uow, minutes_id=minutes.id, text="印发老旧小区改造实施方案", department_id=zjj, deadline=date(2024, 6, 30), expected_version=seen(uow, minutes_id=minutes.id)))
        if sign:
            office.run("head", "meetings.sign_minutes", lambda uow: minutes_flow.sign_minutes(uow, minutes_id=minutes.id, expected_version=seen(uow, minutes_id=minutes.id)))
        return found.id

    def send(**facts):
        doc = _draft(office, department_id=zjj, from_executive_meeting=True, title="关于印发老旧小区改造实施方案的通知", **facts)
        return office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))

    for facts, code in (({}, "meeting_resolution_missing"),
                        ({"resolution_id": resolution("executive", sign=False)}, "meeting_resolution_unsigned"),
                        ({"resolution_id": resolution("head_office", sign=True)}, "meeting_resolution_wrong_kind")):
        with pytest.raises(RuleViolation) as caught:
            send(**facts)
        assert _codes(caught) == [(code, "xishi-2024:18")]
    sent = send(resolution_id=resolution("executive", sign=True))
    assert sent.state == "signing" and sent.chain[-1]["post"] == "head" and sent.chain[-1]["cite"] == "xishi-2024:31.5"


@pytest.mark.parametrize(("profile_id", "cite", "forwarding_only"), [
    ("dawa-2017", "dawa-2017:46", True), ("dalian-2014", "dalian-2014:48", True),
    ("xishi-2024", "xishi-2024:33", False), ("wuhai-hainan-2023", "wuhai-hainan-2023:63", False)])
def test_department_matters_not_forwarded_or_issued_in_the_government_name(make_office, profile_id, cite, forwarding_only):
    """「属部门职权范围内事务、应由部门自行发文或联合发文的，不再由区政府批转或区政府办公室转发」
    (大洼 46, 大连 48); 西市 33 and 海南区 63: not in the government's or the office's name at all."""
    office = make_office(profile_id)
    with pytest.raises(RuleViolation) as caught:
        _draft(office, issuer="office", department_matter=True, forwarding=True)
    assert _codes(caught) == [("department_matter", cite)]
    plain = lambda: _draft(office, issuer="office", department_matter=True)  # noqa: E731
    if forwarding_only:
        assert plain().state == "draft"
    else:
        with pytest.raises(RuleViolation):
            plain()
    assert _draft(office, issuer="office", forwarding=True).state == "draft"  # forwarding what is not a department's own matter



@pytest.mark.parametrize(("profile_id", "matter", "cite"), [
    ("dawa-2017", "budget", "dawa-2017:21"), ("dalian-2014", "regulation", "dalian-2014:22"),
    ("wuhai-hainan-2023", "budget", "wuhai-hainan-2023:28"), ("wuhai-hainan-2023", "normative", "wuhai-hainan-2023:21"),
    ("wolong-2018", "investment", "wolong-2018:21"),
    ("xishi-2024", "budget", "xishi-2024:18")])  # 西市 18 lists no matters, reserves 「重大问题」: the common list under it
def test_dawa_21_reserved_matter_signed_only_with_the_resolution_that_decided_it(make_office, profile_id, matter, cite):
    """「财政预算…政府规范性文件等，由区政府全体会议或区政府常务会议讨论和决定」: a document on such a
    matter names a resolution of signed minutes of one of those meetings before it is signed."""
    from zhengwu.core.references import resolution
    from zhengwu.core.tenants import pinned_profile
    from zhengwu.documents import rules

    office = make_office(profile_id)
    doc = _draft(office, department_id=office.department("zjj"), reserved_matter=matter, title="关于调整区级财政预算的通知")
    with pytest.raises(NotFound):  # another government's or no such resolution
        office.run("office", "document.name_resolution", lambda uow: issuing.name_resolution(
            uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), resolution_id=999999))
    resolution_id = executive_resolution(office, text="同意调整区级财政预算")
    named = office.run("office", "document.name_resolution", lambda uow: issuing.name_resolution(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), resolution_id=resolution_id))
    with office.db.read() as session:
        profile = pinned_profile(session, named)
        found = rules.reserved_matter(profile, issuer="government", normative=False, declared=matter)
        missing = rules.check_reserved_matter(profile, found, None)
        assert rules.check_reserved_matter(profile, found, resolution(session, office.tenant.id, resolution_id)).ok
    assert [(r.code, r.cite) for r in missing.reasons] == [("reserved_matter_resolution_missing", cite)]
