"""西市 三十一、公文审核签发 (一)–(八): who reviews, countersigns and signs, scenario by scenario.

Each case is a document as the office would describe it and the chain article 31 demands,
written out from the text (not from the profile), so a changed matrix fails here.
"""

from __future__ import annotations

import pytest

from zhengwu.rulebook.profile import load_profile
from zhengwu.rulebook.signing import SigningError, chain

PROFILE = "xishi-2024"

OFFICE_CHECK = ("review", ("office",))  # 经区政府办公室把关
DEPUTY_REVIEW = ("review", ("oversight_deputy",))  # 报区政府分管领导同志审核 / (八) 分管领导审核把关
HEAD = ("sign_off", ("head",))


def steps(**document) -> list[tuple]:
    """The chain as (kind, posts, cite); cross-portfolio countersigns left out unless asked for."""
    document.setdefault("cross_portfolio", False)
    found = chain(load_profile(PROFILE), **document)
    return [(s.kind, s.posts, s.cite.removeprefix(f"{PROFILE}:")) for s in found]


def at(step: tuple, cite: str) -> tuple:
    return (*step, cite)


CASES = [
    # (一) 向市政府报送的请示、报告，向区委报送的重要文件，政府规章，命令、决定，向区人大及其常委会提出的议案
    pytest.param(
        {"issuer": "government", "doc_type": "request"},
        [at(OFFICE_CHECK, "31.1"), at(DEPUTY_REVIEW, "31.1"), at(HEAD, "31.1")],
        id=f"{PROFILE}:31.1-request-to-city",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "report", "addressee": "superior_government"},
        [at(OFFICE_CHECK, "31.1"), at(DEPUTY_REVIEW, "31.1"), at(HEAD, "31.1")],
        id=f"{PROFILE}:31.1-report-to-city",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "report", "addressee": "party_committee", "important": True},
        [at(OFFICE_CHECK, "31.1"), at(DEPUTY_REVIEW, "31.1"), at(HEAD, "31.1")],
        id=f"{PROFILE}:31.1-important-document-to-district-committee",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "order"},
        [at(OFFICE_CHECK, "31.1"), at(DEPUTY_REVIEW, "31.1"), at(HEAD, "31.1")],
        id=f"{PROFILE}:31.1-order",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "decision"},
        [at(OFFICE_CHECK, "31.1"), at(DEPUTY_REVIEW, "31.1"), at(HEAD, "31.1")],
        id=f"{PROFILE}:31.1-decision",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "motion", "addressee": "congress"},
        [at(OFFICE_CHECK, "31.1"), at(DEPUTY_REVIEW, "31.1"), at(HEAD, "31.1")],
        id=f"{PROFILE}:31.1-motion-to-congress",
    ),
    # (二) 以区政府名义制发的行政规范性文件
    pytest.param(
        {"issuer": "government", "doc_type": "notice", "normative": True},
        [at(OFFICE_CHECK, "31.2"), at(DEPUTY_REVIEW, "31.2"), at(HEAD, "31.2")],
        id=f"{PROFILE}:31.2-normative",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "opinion", "normative": True, "from_executive_meeting": True},
        [at(OFFICE_CHECK, "31.2"), at(DEPUTY_REVIEW, "31.2"), at(HEAD, "31.2")],
        id=f"{PROFILE}:31.2-normative-passed-by-executive-meeting",
    ),
    # (三) 以区政府名义制发的其他公文：分管领导签发（其审核即签发），重要的由区长签发
    pytest.param(
        {"issuer": "government", "doc_type": "notice"},
        [("sign_off", ("oversight_deputy",), "31.3")],
        id=f"{PROFILE}:31.3-other",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "notice", "important": True},
        [at(DEPUTY_REVIEW, "31.8"), at(HEAD, "31.3")],
        id=f"{PROFILE}:31.3-other-important",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "letter", "addressee": "party_committee"},
        [("sign_off", ("oversight_deputy",), "31.3")],
        id=f"{PROFILE}:31.3-ordinary-letter-to-district-committee",
    ),
    # (四) 各部门、单位主要负责同志出国审批公文，由区长审签
    pytest.param(
        {"issuer": "government", "doc_type": "reply", "matter": "outbound_travel"},
        [at(DEPUTY_REVIEW, "31.8"), at(HEAD, "31.4")],
        id=f"{PROFILE}:31.4-outbound-travel",
    ),
    # (五) 经区政府常务会议决定的事项由区长签发；例行批准手续由区长或副区长签发
    pytest.param(
        {"issuer": "government", "doc_type": "notice", "from_executive_meeting": True},
        [at(DEPUTY_REVIEW, "31.8"), at(HEAD, "31.5")],
        id=f"{PROFILE}:31.5-decided-by-executive-meeting",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "reply", "matter": "routine_approval"},
        [at(DEPUTY_REVIEW, "31.8"), ("sign_off", ("head", "deputy"), "31.5")],
        id=f"{PROFILE}:31.5-routine-approval",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "reply", "matter": "routine_approval", "important": True},
        [at(DEPUTY_REVIEW, "31.8"), at(HEAD, "31.3")],
        id=f"{PROFILE}:31.5-routine-approval-but-important",
    ),
    # (六) 以区政府办公室名义制发的行政规范性文件：分管负责同志签发，重要的由区长签发
    pytest.param(
        {"issuer": "office", "doc_type": "notice", "normative": True},
        [("sign_off", ("oversight_deputy",), "31.6")],
        id=f"{PROFILE}:31.6-office-normative",
    ),
    pytest.param(
        {"issuer": "office", "doc_type": "notice", "normative": True, "important": True},
        [at(DEPUTY_REVIEW, "31.8"), at(HEAD, "31.6")],
        id=f"{PROFILE}:31.6-office-normative-important",
    ),
    # (七) 以区政府办公室名义制发的其他公文：负责常务工作的副区长签发，重要公文报区长签发
    pytest.param(
        {"issuer": "office", "doc_type": "notice"},
        [at(DEPUTY_REVIEW, "31.8"), ("sign_off", ("executive_deputy",), "31.7")],
        id=f"{PROFILE}:31.7-office-other",
    ),
    pytest.param(
        {"issuer": "office", "doc_type": "letter", "important": True},
        [at(DEPUTY_REVIEW, "31.8"), at(HEAD, "31.7")],
        id=f"{PROFILE}:31.7-office-other-important",
    ),
]


@pytest.mark.parametrize(("document", "expected"), CASES)
def test_signing_chain(document, expected):
    assert steps(**document) == expected


# (八) 内容涉及多位区政府领导同志分管范围的，需请其他区政府领导同志会签：在签发之前。
CROSS_PORTFOLIO = [
    pytest.param({"issuer": "government", "doc_type": "request"}, "31.1", id=f"{PROFILE}:31.8-with-31.1"),
    pytest.param({"issuer": "government", "doc_type": "notice"}, "31.3", id=f"{PROFILE}:31.8-with-31.3"),
    pytest.param({"issuer": "office", "doc_type": "notice"}, "31.7", id=f"{PROFILE}:31.8-with-31.7"),
]


@pytest.mark.parametrize(("document", "sign_cite"), CROSS_PORTFOLIO)
def test_other_leaders_countersign_before_sign_off(document, sign_cite):
    found = steps(**document, cross_portfolio=True)
    assert found[-2] == ("countersign", ("related_deputies",), "31.8")
    assert found[-1][0] == "sign_off" and found[-1][2] == sign_cite
    assert not any(kind == "countersign" for kind, _, _ in steps(**document, cross_portfolio=False))


def test_undetermined_portfolio_keeps_the_countersign_conditional():
    found = chain(load_profile(PROFILE), "government", "notice", important=True)
    countersigns = [s for s in found if s.kind == "countersign"]
    assert [(s.post, s.condition) for s in countersigns] == [("related_deputies", "cross_portfolio")]


def test_every_chain_ends_in_one_sign_off_cited_to_article_31():
    profile = load_profile(PROFILE)
    for issuer in ("government", "office"):
        for doc_type in ("request", "report", "notice", "decision", "reply", "letter", "opinion"):
            for important in (False, True):
                found = chain(profile, issuer, doc_type, important=important, cross_portfolio=True)
                assert [s.kind for s in found].count("sign_off") == 1 and found[-1].kind == "sign_off"
                assert all(s.cite.startswith(f"{PROFILE}:31.") for s in found)
                assert all(s.inherited_from is None for s in found)


def test_nothing_is_signed_by_the_office_director():
    # 西市 31 gives the office no signature of its own: even office documents are signed by leaders.
    profile = load_profile(PROFILE)
    for doc_type in ("notice", "letter", "opinion"):
        for normative in (False, True):
            for important in (False, True):
                found = chain(profile, "office", doc_type, normative=normative, important=important)
                assert "office_director" not in found[-1].posts


def test_no_signer_is_invented_for_an_unknown_issuer():
    with pytest.raises(SigningError):
        chain(load_profile(PROFILE), "department", "notice")
