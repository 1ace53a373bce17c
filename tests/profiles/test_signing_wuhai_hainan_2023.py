"""海南区 第六十一、六十二条 (签发) with 第五十七条 (办公室审核先于领导签批), scenario by scenario.

The text is damaged exactly here: 61 lost its signer (「…由签发」) and 62 lost words
(「须由分管后,签发」). The profile reads them as 区长 and 「分管副区长审核后，由区长签发」; these
tests pin that reading, written out from the text, so a changed matrix fails here.
"""

from __future__ import annotations

import pytest

from zhengwu.rulebook.profile import load_profile
from zhengwu.rulebook.signing import chain

PROFILE = "wuhai-hainan-2023"

OFFICE_REVIEW = ("review", ("office",), "57")  # 区政府办公室负责审改、送签


def steps(**document) -> list[tuple]:
    found = chain(load_profile(PROFILE), **document)
    return [(s.kind, s.posts, s.cite.removeprefix(f"{PROFILE}:")) for s in found]


HEAD_61 = ("sign_off", ("head",), "61")

CASES = [
    # 第六十一条：命令，报送市政府和区委的文件，向人大及其常委会提出的议案及报送的其他重要文件
    pytest.param({"issuer": "government", "doc_type": "order"}, [OFFICE_REVIEW, HEAD_61], id=f"{PROFILE}:61-order"),
    pytest.param({"issuer": "government", "doc_type": "request"}, [OFFICE_REVIEW, HEAD_61], id=f"{PROFILE}:61-request-to-city"),
    pytest.param(
        {"issuer": "government", "doc_type": "letter", "addressee": "superior_government"},
        [OFFICE_REVIEW, HEAD_61],
        id=f"{PROFILE}:61-document-to-city",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "report", "addressee": "party_committee"},
        [OFFICE_REVIEW, HEAD_61],
        id=f"{PROFILE}:61-document-to-district-committee",
    ),
    pytest.param({"issuer": "government", "doc_type": "motion"}, [OFFICE_REVIEW, HEAD_61], id=f"{PROFILE}:61-motion"),
    pytest.param(
        {"issuer": "government", "doc_type": "letter", "addressee": "congress", "important": True},
        [OFFICE_REVIEW, HEAD_61],
        id=f"{PROFILE}:61-important-document-to-congress",
    ),
    # 第六十二条第一款：以区政府名义印发的文件由区长或相关副区长签发
    pytest.param(
        {"issuer": "government", "doc_type": "notice"},
        [OFFICE_REVIEW, ("sign_off", ("head", "oversight_deputy"), "62")],
        id=f"{PROFILE}:62-government",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "letter", "addressee": "congress"},
        [OFFICE_REVIEW, ("sign_off", ("head", "oversight_deputy"), "62")],
        id=f"{PROFILE}:62-ordinary-letter-to-congress",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "notice", "normative": True},
        [OFFICE_REVIEW, ("sign_off", ("head", "oversight_deputy"), "62")],
        id=f"{PROFILE}:62-normative",
    ),
    # 综合性、全局性的重大问题：分管副区长审核后由区长签发
    pytest.param(
        {"issuer": "government", "doc_type": "notice", "important": True},
        [OFFICE_REVIEW, ("review", ("oversight_deputy",), "62"), ("sign_off", ("head",), "62")],
        id=f"{PROFILE}:62-government-major",
    ),
    # 特别重要的事项：常务会议或区长办公会议讨论决定后，由区长签发或区长委托相关副区长签发
    pytest.param(
        {"issuer": "government", "doc_type": "opinion", "from_executive_meeting": True},
        [OFFICE_REVIEW, ("sign_off", ("head", "designated_deputy"), "62")],
        id=f"{PROFILE}:62-decided-at-meeting",
    ),
    pytest.param(
        {"issuer": "government", "doc_type": "opinion", "important": True, "from_executive_meeting": True},
        [OFFICE_REVIEW, ("sign_off", ("head", "designated_deputy"), "62")],
        id=f"{PROFILE}:62-major-and-decided-at-meeting",
    ),
    # 第六十二条第二款：区政府办公室名义发文
    pytest.param(
        {"issuer": "office", "doc_type": "notice"},
        [("review", ("deputy_office_director",), "62"), ("sign_off", ("office_director", "deputy_office_director"), "62")],
        id=f"{PROFILE}:62-office-routine",
    ),
    pytest.param(
        {"issuer": "office", "doc_type": "notice", "important": True},
        [
            ("review", ("deputy_office_director",), "62"),
            ("review", ("office_director",), "62"),
            ("sign_off", ("head", "oversight_deputy"), "62"),
        ],
        id=f"{PROFILE}:62-office-as-the-case-requires",
    ),
]


@pytest.mark.parametrize(("document", "expected"), CASES)
def test_signing_chain(document, expected):
    assert steps(**document) == expected


def test_no_leader_signs_a_government_draft_the_office_has_not_reviewed():
    # 第五十七条：区政府领导同志一般不直接签批未经区政府办公室审核的公文文稿。
    profile = load_profile(PROFILE)
    for doc_type in ("order", "request", "report", "notice", "opinion", "motion", "letter"):
        for important in (False, True):
            for from_meeting in (False, True):
                found = chain(profile, "government", doc_type, important=important, from_executive_meeting=from_meeting)
                assert (found[0].kind, found[0].post, found[0].cite) == ("review", "office", f"{PROFILE}:57")


def test_no_countersign_round_is_added():
    # 海南区 names no leaders' countersign in its signing articles (unlike 西市 31(八)).
    profile = load_profile(PROFILE)
    for issuer in ("government", "office"):
        for important in (False, True):
            found = chain(profile, issuer, "notice", important=important, cross_portfolio=True)
            assert all(s.kind != "countersign" for s in found)
