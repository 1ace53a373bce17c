"""Drafting each seed's profile from its text alone, against the hand-written profile.

For every seed text the drafter (`zhengwu.rulebook.drafting`) proposes values; every value of
the hand profile (`rulebook/profiles/<id>.yaml`, with what it inherits) is then scored: right
(same value, cited to an article the hand profile cites), wrong (different value or cite),
missed (not proposed). Values the hand profile inherits from the default are counted apart:
right when the draft also leaves them to the default. The drafter never sees the hand profile
or the seed's id; the same rules read every text.

Run: PYTHONPATH=src python bench/profile_draft_bench.py [--details]
Writes bench/results/profile_draft.md (and prints it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from zhengwu.rulebook.draft_compare import compare
from zhengwu.rulebook.drafting import draft
from zhengwu.rulebook.profile import known_profiles, load_profile
from zhengwu.rulebook.sources import load

TARGET = 0.80
RESULTS = Path(__file__).resolve().parent / "results"


def _loads(result, source: str) -> str:
    """Whether the draft, every value accepted, loads as a profile and passes the text check."""
    from zhengwu.onboarding.models import ProfileDraft
    from zhengwu.onboarding.store import profile_data
    from zhengwu.rulebook.profile import ProfileError, load_profile_data
    from zhengwu.rulebook.validate_text import check_text, open_problems

    row = ProfileDraft(text_id=source, profile_id="draft-of-" + source, name="起草", level=result.level,
                       proposals=[p.as_dict() for p in result.proposals], inherited=[])
    try:
        profile = load_profile_data(profile_data(row, None, all_accepted=True), "draft.yaml")
    except ProfileError as exc:
        return f"不能载入（{len(exc.problems)} 个问题）"
    problems = open_problems(check_text(profile))
    return "载入，条文核对通过" if not problems else f"载入，条文核对 {len(problems)} 个问题"


def main(details: bool = False) -> int:
    lines = ["# 规则配置起草基准：从规则文本起草 vs 手工规则配置", "",
             ("每个种子文本只凭文本起草；手工规则配置中的每一项都计入（签发规则、议题流程、例外、"
              "继承项都算），不挑选子集。"), "",
             "- 正确：取值与手工配置相同，且出处是手工配置所引的条款之一（条、项须一致）。",
             "- 例外按其全部内容比较（文字、改为的取值、适用事项、适用条件、改由谁签发）；签发规则按适用范围和步骤比较（规则的中文名称不比较，规则代码是约定的）。",
             "- 职务称谓按原文字面比较（「区政府办公室」与「办公室」算不同）。",
             "- 手工配置继承自默认规则的项单列：起草也未提出（同样继承）才算一致。",
             "- 「多提的」是手工配置没有的项，不计入正确率。",
             ("- 须知：起草规则是对照这五个文本写出并调试的（规则本身不含地名、不按文本编号区分），"
              "所以这是样本内的成绩；对新文本的准确率没有在这里测量。海南区文本在复制时脱字"
              "（「由长、副…组成」「由签发」），许多取值只能靠上下文读出：脱字的称谓按文本别处的完整写法读出，"
              "签发人整个脱去的（「由签发」）读不出，留给审核人。"), "",
             "| 规则 | 手工有出处的取值 | 起草正确（值与出处都对） | 错误 | 漏掉 | 正确率 | 继承项一致 | 多提的 | 全部采纳后 |",
             "|---|---|---|---|---|---|---|---|---|"]
    detail_lines: list[str] = []
    shortfalls = []
    for profile_id in known_profiles():
        hand = load_profile(profile_id)
        result = draft(load(hand.source))
        score = compare(result, hand)
        share = score.share(score.right)
        inherited_total = len(score.inherited_right) + len(score.inherited_wrong)
        lines.append(f"| {profile_id} | {score.cited_total} | {len(score.right)} | {len(score.wrong)} | "
                     f"{len(score.missed)} | {share:.0%} | {len(score.inherited_right)}/{inherited_total} | "
                     f"{len(score.extra)} | {_loads(result, hand.source)} |")
        if share < TARGET:
            shortfalls.append(f"{profile_id} {share:.0%}")
        detail_lines += ["", f"## {profile_id}", "", "### 错误", ""]
        detail_lines += [f"- `{k}`：起草 {json.dumps(d, ensure_ascii=False)[:160]}；手工 "
                         f"{json.dumps(h, ensure_ascii=False)[:160]}" for k, d, h in score.wrong]
        detail_lines += ["", "### 漏掉", ""] + [f"- `{k}`" for k in score.missed]
    lines += ["", f"目标：每个规则正确率不低于 {TARGET:.0%}。"
              + (f"未达标：{'、'.join(shortfalls)}。" if shortfalls else "全部达标。")]
    report = "\n".join(lines + (detail_lines if details else []) + [""])
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "profile_draft.md").write_text("\n".join(lines + detail_lines + [""]), encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main(details="--details" in sys.argv))
