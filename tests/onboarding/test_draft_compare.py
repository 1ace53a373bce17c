"""The benchmark's scoring: every value of a hand profile is right (same value, one of its
cites), wrong or missed; inherited values are counted apart."""

from __future__ import annotations

from onboarding_texts import TOWNSHIP

from zhengwu.rulebook import sources
from zhengwu.rulebook.articles import parse_text
from zhengwu.rulebook.draft_compare import compare
from zhengwu.rulebook.drafting import draft
from zhengwu.rulebook.profile import load_profile_data


def test_right_wrong_missed_and_inherited():
    sources.register(parse_text(TOWNSHIP, "test-compare"))
    hand = load_profile_data({
        "id": "test-compare", "name": "某镇人民政府", "source": "test-compare", "inherits": "default",
        "posts": {"head": {"value": "镇长", "cite": "2"}},
        "meetings": {"types": {"value": ["plenary", "executive"], "cite": "3"},
                     "executive": {"cadence": {"value": "1/month", "cite": "4"},
                                   "minutes_signer": {"value": "head", "cite": "4"}},
                     "plenary": {"cadence": {"value": "1/quarter", "cite": "3"},  # drafted from 第五条
                                 "minutes_signer": {"value": "deputy", "cite": "5"}}},
        "emergency": {"report_minutes": {"value": 20, "cite": "7"}},
        "conference": {"max_half_days": {"value": 1, "cite": "7"}},
    }, "test-compare.yaml")
    score = compare(draft(parse_text(TOWNSHIP, "test-compare")), hand)
    assert {"posts.head", "meetings.types", "meetings.executive.cadence", "meetings.executive.minutes_signer",
            "emergency.report_minutes"} <= set(score.right)
    wrong = {key for key, _, _ in score.wrong}
    assert {"meetings.plenary.cadence", "meetings.plenary.minutes_signer"} <= wrong
    assert "conference.max_half_days" in score.missed
    assert "decisions.public_comment_min_days" in score.inherited_right
    assert score.cited_total == len(score.right) + len(score.wrong) + len(score.missed)
    assert "posts.deputy" in score.extra
    assert "meetings.executive.members" in score.inherited_wrong  # drafted where the hand profile inherits
