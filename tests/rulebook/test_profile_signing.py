"""The signing matrix, scenario by scenario, against the articles that set it.

大洼 45–46, 大连 47–48 from the packaged profiles; 西市 31 (一)–(八) from a matrix written in
the profile schema (fixtures/xishi-2024-signing.yaml) and, once it exists, from the packaged
xishi-2024 profile as well. Test ids carry the profile id.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from zhengwu.cli.signer import signer
from zhengwu.rulebook.profile import known_profiles, load_profile, load_profile_file
from zhengwu.rulebook.signing import SigningError, chain

XISHI_FIXTURE = Path(__file__).parent / "fixtures" / "xishi-2024-signing.yaml"


def steps(profile, issuer, doc_type, **flags):
    return [(s.kind, s.posts, s.cite, s.condition) for s in chain(profile, issuer, doc_type, **flags)]


def sign_off(profile, issuer, doc_type, **flags):
    last = chain(profile, issuer, doc_type, **flags)[-1]
    assert last.kind == "sign_off"
    return last.posts, last.cite


# --- 大洼 -------------------------------------------------------------------------------------

DAWA_45 = [("review", ("oversight_deputy",), "dawa-2017:45", None), ("sign_off", ("head",), "dawa-2017:45", None)]


@pytest.mark.parametrize(
    ("doc_type", "flags"),
    [
        ("notice", {"normative": True}),  # 区政府发布的规范性文件
        ("decision", {}),  # 决定
        ("request", {}),  # 向市政府报送的请示
        ("report", {"addressee": "superior_government"}),  # 报告
        ("notice", {"addressee": "party_committee", "important": True}),  # 向区委报送的重要文件
        ("motion", {"addressee": "congress"}),  # 向区人大或其常委会提出的议案
    ],
    ids=["normative", "decision", "request", "report", "party_committee", "motion"],
)
def test_dawa_2017_article_45(doc_type, flags):
    assert steps(load_profile("dawa-2017"), "government", doc_type, **flags) == DAWA_45


def test_dawa_2017_article_46_government_document():
    assert steps(load_profile("dawa-2017"), "government", "notice") == [
        ("review", ("office_director",), "dawa-2017:46", None),
        ("review", ("oversight_deputy",), "dawa-2017:46", None),
        ("countersign", ("related_deputies",), "dawa-2017:46", "cross_portfolio"),
        ("sign_off", ("head",), "dawa-2017:46", None),
    ]


def test_dawa_2017_article_46_a_non_important_document_to_the_party_committee_is_not_article_45():
    assert sign_off(load_profile("dawa-2017"), "government", "notice", addressee="party_committee") == (
        ("head",),
        "dawa-2017:46",
    )


def test_dawa_2017_article_46_office_document():
    assert steps(load_profile("dawa-2017"), "office", "notice", cross_portfolio=False) == [
        ("review", ("oversight_deputy",), "dawa-2017:46", None),
        ("sign_off", ("office_director",), "dawa-2017:46", None),
    ]


def test_dawa_2017_article_46_office_document_touching_other_deputies():
    assert steps(load_profile("dawa-2017"), "office", "notice", cross_portfolio=True) == [
        ("review", ("oversight_deputy",), "dawa-2017:46", None),
        ("countersign", ("related_deputies",), "dawa-2017:46", None),
        ("sign_off", ("office_director",), "dawa-2017:46", None),
    ]


def test_dawa_2017_article_46_important_office_document_signed_by_executive_deputy_or_head():
    assert sign_off(load_profile("dawa-2017"), "office", "notice", important=True) == (
        ("executive_deputy", "head"),
        "dawa-2017:46",
    )


# --- 大连 -------------------------------------------------------------------------------------

DALIAN_47 = [("review", ("oversight_deputy",), "dalian-2014:47", None), ("sign_off", ("head",), "dalian-2014:47", None)]


@pytest.mark.parametrize(
    ("doc_type", "flags"),
    [
        ("order", {}),  # 规章、命令
        ("decision", {}),
        ("request", {}),  # 向省政府报送的请示、报告
        ("report", {}),
        ("opinion", {"addressee": "party_committee", "important": True}),  # 向市委报送的重要文件
        ("motion", {}),  # 向市人大或市人大常委会提出的议案
    ],
    ids=["order", "decision", "request", "report", "party_committee", "motion"],
)
def test_dalian_2014_article_47(doc_type, flags):
    assert steps(load_profile("dalian-2014"), "government", doc_type, **flags) == DALIAN_47


def test_dalian_2014_article_48_government_document():
    assert steps(load_profile("dalian-2014"), "government", "notice", cross_portfolio=True) == [
        ("review", ("secretary_general",), "dalian-2014:48", None),
        ("review", ("oversight_deputy",), "dalian-2014:48", None),
        ("review", ("related_deputies",), "dalian-2014:48", None),
        ("sign_off", ("head",), "dalian-2014:48", None),
    ]


def test_dalian_2014_article_48_normative_documents_follow_the_government_row():
    # 大连 47 names no 规范性文件; they are government documents of article 48.
    assert sign_off(load_profile("dalian-2014"), "government", "notice", normative=True) == (("head",), "dalian-2014:48")


@pytest.mark.parametrize("important", [False, True])
def test_dalian_2014_article_48_office_document(important):
    assert steps(load_profile("dalian-2014"), "office", "notice", important=important) == [
        ("sign_off", ("secretary_general", "oversight_deputy"), "dalian-2014:48", None)
    ]


# --- 卧龙: the document chapter is cut off ---------------------------------------------------


def test_wolong_2018_inherits_the_common_rows_marked_as_inherited():
    found = chain(load_profile("wolong-2018"), "government", "decision")
    assert [(s.kind, s.post, s.cite, s.inherited_from) for s in found] == [
        ("review", "oversight_deputy", None, "default"),
        ("sign_off", "head", None, "default"),
    ]


def test_wolong_2018_says_when_its_text_names_no_signer():
    with pytest.raises(SigningError) as caught:
        chain(load_profile("wolong-2018"), "government", "notice")
    assert "没有规定此类公文由谁签发" in str(caught.value)


# --- 西市 31 (一)–(八) ------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _xishi(which: str):
    return load_profile_file(XISHI_FIXTURE) if which == "schema" else load_profile("xishi-2024")


def _xishi_profiles():
    """The schema fixture (exact chains) and, when packaged, the xishi-2024 profile (signers)."""
    yield pytest.param("schema", True, id="xishi-2024-schema")
    if "xishi-2024" in known_profiles():
        yield pytest.param("packaged", False, id="xishi-2024")


XISHI_31_1 = [
    ("review", ("office",), "xishi-2024:31.1", None),
    ("review", ("oversight_deputy",), "xishi-2024:31.1", None),
    ("countersign", ("related_deputies",), "xishi-2024:31.8", "cross_portfolio"),
    ("sign_off", ("head",), "xishi-2024:31.1", None),
]


@pytest.mark.parametrize(("profile", "exact"), list(_xishi_profiles()))
@pytest.mark.parametrize(
    ("doc_type", "flags"),
    [
        ("request", {"addressee": "superior_government"}),
        ("report", {}),
        ("opinion", {"addressee": "party_committee", "important": True}),
        ("order", {}),
        ("decision", {}),
        ("motion", {"addressee": "congress"}),
    ],
    ids=["request", "report", "party_committee", "order", "decision", "motion"],
)
def test_xishi_2024_article_31_item_1(profile, exact, doc_type, flags):
    profile = _xishi(profile)
    if exact:
        assert steps(profile, "government", doc_type, **flags) == XISHI_31_1
    assert sign_off(profile, "government", doc_type, **flags) == (("head",), "xishi-2024:31.1")


@pytest.mark.parametrize(("profile", "exact"), list(_xishi_profiles()))
def test_xishi_2024_article_31_item_2(profile, exact):
    profile = _xishi(profile)
    if exact:
        assert steps(profile, "government", "notice", normative=True) == [
            ("review", ("office",), "xishi-2024:31.2", None),
            ("review", ("oversight_deputy",), "xishi-2024:31.2", None),
            ("countersign", ("related_deputies",), "xishi-2024:31.8", "cross_portfolio"),
            ("sign_off", ("head",), "xishi-2024:31.2", None),
        ]
    assert sign_off(profile, "government", "notice", normative=True) == (("head",), "xishi-2024:31.2")


@pytest.mark.parametrize(("profile", "exact"), list(_xishi_profiles()))
def test_xishi_2024_article_31_item_3(profile, exact):
    profile = _xishi(profile)
    if exact:
        assert steps(profile, "government", "notice", cross_portfolio=False) == [
            ("sign_off", ("oversight_deputy",), "xishi-2024:31.3", None)
        ]
    assert sign_off(profile, "government", "notice") == (("oversight_deputy",), "xishi-2024:31.3")
    assert sign_off(profile, "government", "notice", important=True) == (("head",), "xishi-2024:31.3")


@pytest.mark.parametrize(("profile", "exact"), list(_xishi_profiles()))
def test_xishi_2024_article_31_item_4(profile, exact):
    profile = _xishi(profile)
    assert sign_off(profile, "government", "reply", matter="outbound_travel") == (("head",), "xishi-2024:31.4")


@pytest.mark.parametrize(("profile", "exact"), list(_xishi_profiles()))
def test_xishi_2024_article_31_item_5(profile, exact):
    profile = _xishi(profile)
    assert sign_off(profile, "government", "notice", from_executive_meeting=True) == (("head",), "xishi-2024:31.5")
    assert sign_off(profile, "government", "reply", matter="routine_approval") == (("head", "deputy"), "xishi-2024:31.5")


@pytest.mark.parametrize(("profile", "exact"), list(_xishi_profiles()))
def test_xishi_2024_article_31_item_6(profile, exact):
    profile = _xishi(profile)
    assert sign_off(profile, "office", "notice", normative=True) == (("oversight_deputy",), "xishi-2024:31.6")
    assert sign_off(profile, "office", "notice", normative=True, important=True) == (("head",), "xishi-2024:31.6")


@pytest.mark.parametrize(("profile", "exact"), list(_xishi_profiles()))
def test_xishi_2024_article_31_item_7(profile, exact):
    profile = _xishi(profile)
    if exact:
        assert steps(profile, "office", "notice") == [
            ("review", ("oversight_deputy",), "xishi-2024:31.8", None),
            ("countersign", ("related_deputies",), "xishi-2024:31.8", "cross_portfolio"),
            ("sign_off", ("executive_deputy",), "xishi-2024:31.7", None),
        ]
    assert sign_off(profile, "office", "notice") == (("executive_deputy",), "xishi-2024:31.7")
    assert sign_off(profile, "office", "notice", important=True) == (("head",), "xishi-2024:31.7")


@pytest.mark.parametrize(("profile", "exact"), list(_xishi_profiles()))
def test_xishi_2024_article_31_item_8(profile, exact):
    profile = _xishi(profile)
    touching = chain(profile, "office", "notice", cross_portfolio=True)
    assert ("countersign", "related_deputies", "xishi-2024:31.8") in [(s.kind, s.post, s.cite) for s in touching]
    alone = chain(profile, "office", "notice", cross_portfolio=False)
    assert all(s.kind != "countersign" for s in alone)


# --- the command ------------------------------------------------------------------------------

runner = CliRunner()
rules = typer.Typer()
rules.command("signer")(signer)
rules.command("noop", hidden=True)(lambda: None)  # keeps `signer` a named sub-command


def test_signer_command_prints_the_chain_in_chinese():
    result = runner.invoke(rules, ["signer", "dawa-2017", "--issuer", "office", "--type", "notice", "--important"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "1. 审核：分管副区长　依据《盘锦市大洼区人民政府工作规则》第四十六条",
        "2. 会签：有关副区长（涉及其他领导分管工作的）　依据《盘锦市大洼区人民政府工作规则》第四十六条",
        "3. 签发：常务副区长或区长　依据《盘锦市大洼区人民政府工作规则》第四十六条",
    ]


def test_signer_command_json():
    result = runner.invoke(
        rules, ["signer", "dalian-2014", "--issuer", "government", "--type", "decision", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(s["kind"], s["post"], s["cite"]) for s in data] == [
        ("review", "oversight_deputy", "dalian-2014:47"),
        ("sign_off", "head", "dalian-2014:47"),
    ]


def test_signer_command_refuses_an_unknown_type():
    result = runner.invoke(rules, ["signer", "dawa-2017", "--issuer", "government", "--type", "memo"])
    assert result.exit_code == 2
    assert "--type 应为以下之一" in result.output


def test_signer_command_says_when_the_text_is_silent():
    result = runner.invoke(rules, ["signer", "wolong-2018", "--issuer", "office", "--type", "notice"])
    assert result.exit_code == 1
    assert "没有规定此类公文由谁签发" in result.output
