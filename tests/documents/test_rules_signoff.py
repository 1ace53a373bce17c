"""签发 per article: only the post the signing matrix names (or whoever acts for it that day)."""

from __future__ import annotations

import pytest
from documents_support import each

from zhengwu.documents.signoff import Facts, check_chain, check_step, signing_chain, step_key

REPLY = Facts(issuer="government", doc_type="reply")
NORMATIVE = Facts(issuer="government", doc_type="notice", normative=True)
DEPUTY = {"deputy", "oversight_deputy"}
HEAD = {"head"}
ACTING_HEAD = {"deputy", "executive_deputy", "head"}  # the executive deputy acting for the head today


def done_before_sign_off(steps):
    return {step_key(s) for s in steps if s.kind != "sign_off"}


@pytest.mark.parametrize(
    "profile, cite",
    [pytest.param(*p.values, c, id=p.id) for p, c in zip(each("dawa-2017", "dalian-2014", "xishi-2024"), ["dawa-2017:45", "dalian-2014:48", "xishi-2024:31.2"], strict=True)],
)
def test_a_deputy_may_not_sign_a_normative_document_the_head_signs(profile, cite):
    steps = signing_chain(profile, NORMATIVE)
    done = done_before_sign_off(steps)
    refused = check_step(profile, steps, done, "sign_off", DEPUTY)
    assert [r.code for r in refused.reasons] == ["not_named_by_matrix"]
    assert refused.reasons[0].cite == cite
    assert check_step(profile, steps, done, "sign_off", HEAD).ok
    assert check_step(profile, steps, done, "sign_off", ACTING_HEAD).ok


@pytest.mark.parametrize("profile", each("wuhai-hainan-2023"))
def test_hainan_62_head_or_overseeing_deputy_signs_government_documents(profile):
    steps = signing_chain(profile, NORMATIVE)
    done = done_before_sign_off(steps)
    assert check_step(profile, steps, done, "sign_off", DEPUTY).ok
    other = check_step(profile, steps, done, "sign_off", {"deputy"})
    assert other.reasons[0].code == "not_named_by_matrix" and other.reasons[0].cite == "wuhai-hainan-2023:62"


@pytest.mark.parametrize("profile", each("wuhai-hainan-2023"))
def test_hainan_57_leaders_do_not_sign_drafts_the_office_has_not_reviewed(profile):
    steps = signing_chain(profile, REPLY)
    refused = check_step(profile, steps, set(), "sign_off", HEAD)
    assert refused.reasons[0].code == "chain_incomplete" and refused.reasons[0].cite == "wuhai-hainan-2023:57"
    assert check_step(profile, steps, {"review:office"}, "sign_off", HEAD).ok


@pytest.mark.parametrize("profile", each("xishi-2024"))
def test_xishi_31_8_related_deputies_countersign_before_the_overseeing_deputy_signs(profile):
    steps = signing_chain(profile, Facts(issuer="government", doc_type="reply", cross_portfolio=True))
    assert [s.kind for s in steps] == ["countersign", "sign_off"]
    refused = check_step(profile, steps, set(), "sign_off", DEPUTY)
    assert refused.reasons[0].code == "chain_incomplete" and refused.reasons[0].cite == "xishi-2024:31.8"
    assert check_step(profile, steps, set(), "countersign", {"deputy", "related_deputies"}).ok
    assert check_step(profile, steps, {"countersign:related_deputies"}, "sign_off", DEPUTY).ok
    assert check_step(profile, steps, {"countersign:related_deputies"}, "sign_off", HEAD).reasons[0].code == "not_named_by_matrix"


@pytest.mark.parametrize("profile", each("dawa-2017"))
def test_dawa_46_office_documents_important_ones_by_executive_deputy_or_head(profile):
    office = Facts(issuer="office", doc_type="notice")
    steps = signing_chain(profile, office)
    done = done_before_sign_off(steps)
    assert check_step(profile, steps, done, "sign_off", {"office_director"}).ok
    important = signing_chain(profile, Facts(issuer="office", doc_type="notice", important=True))
    done = done_before_sign_off(important)
    assert check_step(profile, important, done, "sign_off", {"office_director"}).reasons[0].cite == "dawa-2017:46"
    assert check_step(profile, important, done, "sign_off", {"executive_deputy", "deputy"}).ok


@pytest.mark.parametrize("profile", each())
def test_review_steps_only_by_their_post(profile):
    steps = signing_chain(profile, NORMATIVE)
    reviews = [s for s in steps if s.kind == "review"]
    for step in reviews:
        assert check_step(profile, steps, set(), "review", set(step.posts)).ok
    assert check_step(profile, steps, set(), "review", {"department_head"}).reasons[0].code in ("not_on_chain", "no_such_step")


def test_no_signer_when_the_text_is_silent():
    from zhengwu.rulebook.profile import load_profile

    verdict = check_chain(load_profile("wolong-2018"), Facts(issuer="office", doc_type="notice"))
    assert verdict.reasons[0].code == "no_signer_in_profile"


def test_awaited_posts_follow_check_step_order():
    """The posts a document at signing waits for (what the sign-off queue asks the database for):
    every pending review and countersign, in any order; the sign-off's only once none is left —
    as 《党政机关公文处理工作条例》 第二十二条 and check_step have it."""
    from zhengwu.documents.signoff import awaited_posts
    from zhengwu.rulebook.signing import Step

    steps = [Step("review", "office_director", "g:22"), Step("countersign", "deputy", "g:22", ("head",)),
             Step("sign_off", "head", "g:22")]
    assert awaited_posts(steps, set()) == {"office_director", "deputy", "head"}
    assert awaited_posts(steps, {"review:office_director"}) == {"deputy", "head"}
    assert awaited_posts(steps, {"review:office_director", "countersign:deputy"}) == {"head"}
    assert awaited_posts(steps[:1] + steps[2:], {"review:office_director"}) == {"head"}
    assert awaited_posts(steps, {"review:office_director", "countersign:deputy", "sign_off:head"}) == frozenset()
