from zhengwu.core.verdict import Reason, RuleViolation, Verdict

import pytest


def test_combined_verdict_keeps_every_reason_in_order():
    late = Verdict.refused("materials.late", "材料逾期", "wuhai-hainan-2023:50")
    wrong = Verdict.refused("minutes.wrong_signer", "签发人不符", "dalian-2014:40")
    combined = Verdict.all([Verdict.passed(), late, wrong])
    assert not combined.ok
    assert [r.cite for r in combined.reasons] == ["wuhai-hainan-2023:50", "dalian-2014:40"]


def test_all_of_nothing_passes():
    assert Verdict.all([]).ok


def test_refusal_raises_with_its_verdict():
    verdict = Verdict.refused("x", "不可", "dawa-2017:1")
    with pytest.raises(RuleViolation) as caught:
        verdict.raise_if_refused()
    assert caught.value.verdict.reasons == (Reason("x", "不可", "dawa-2017:1"),)
    Verdict.passed().raise_if_refused()
