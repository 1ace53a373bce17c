"""Chinese words for the English codes of profiles, as a user of one government reads them.

Posts and meetings take the government's own names where its profile gives them (区长 / 市长,
办公室主任 / 秘书长, 区长办公会议), so a 大连 user reads 「分管副市长」 where a 大洼 user reads
「分管副区长」. `titles` maps a code to that name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zhengwu.rulebook.profile import Profile

_POSTS = {
    "head": "政府首长",
    "executive_deputy": "常务副职",
    "deputy": "副职",
    "office_director": "办公室主任",
    "secretary_general": "秘书长",
    "deputy_office_director": "办公室副主任",
    "deputy_secretary_general": "副秘书长",
    "party_secretary": "党组书记",
    "party_deputy_secretary": "党组副书记",
    "department_head": "部门主要负责人",
    "department": "部门",
    "office": "政府办公室",
    "legal_office": "法制机构",
    "supervision_office": "督查室",
    "audit_office": "审计局",
    "market_regulator": "市场监管局",
    "legal_adviser": "法律顾问",
    "lead_department": "牵头部门",
    "related_departments": "相关部门",
    "standing_observers": "常设列席单位",
    "party_group_members": "党组成员",
    "chair": "会议主持人",
    "delegating_leader": "委托召开会议的领导",
    "ab_partner": "AB角副职",
    "fill_in": "补位副职",
}
# Roles whose words build on the deputy's title: 分管 + 副区长.
_DEPUTY_ROLES = {
    "oversight_deputy": "分管{}",
    "related_deputies": "有关{}",
    "designated_deputy": "指定的{}",
    "attending_deputies": "出席会议的{}",
}

WORDS = {
    # meetings
    "party_group": "党组会议",
    "plenary": "全体会议",
    "executive": "常务会议",
    "head_office": "首长办公会议",
    "topical": "业务（专题）会议",
    "study": "专题学习",
    "2/month": "每月两次",
    "1/month": "每月一次",
    "1/2weeks": "每两周一次",
    "1/quarter": "每季度一次",
    "1/2months": "每两个月一次",
    "1/half_year": "每半年一次",
    ">=2/year": "每年至少两次",
    "irregular": "不定期",
    # pipeline actions
    "propose": "提出",
    "consult": "征求意见",
    "collect": "收集汇总",
    "review": "审核",
    "legality_review": "合法性审查",
    "prior_request": "事先请示政府并获同意",
    # matters reserved to the 全体会议 or 常务会议 (meetings.reserved_matters)
    "plan": "国民经济和社会发展规划、计划", "budget": "财政预算", "major_plan": "重大规划", "major_policy": "重大政策措施",
    "social_management": "社会管理重要事务", "bill": "法规议案", "regulation": "政府规章", "reform": "重要改革方案",
    "rewards": "重要奖惩事项", "livelihood": "重大民生问题和社会稳定事项", "investment": "重大投资建设项目",
    "all": "全部", "important": "重要的",
    "government_approval": "发布前经政府批准",
    "normative_cleanup": "定期清理",
    "normative_post_evaluation": "实施后评估",
    "regulation_post_evaluation": "规章实施后评估",
    "legislative_disagreement": "立法协调分歧",
    "approve": "核批",
    "decide": "确定",
    "finalize": "审定",
    "notify": "通报",
    # signing steps
    "countersign": "会签",
    "sign_off": "签发",
    "cross_portfolio": "涉及其他领导分管工作的",
    # reviews and decision steps
    "fair_competition_review": "公平竞争审查",
    "public_comment": "公开征求意见",
    "interpretation": "政策解读",
    "legal_adviser_opinion": "法律顾问意见",
    "expert_review": "专家论证",
    "risk_assessment": "风险评估",
    "stability_risk_assessment": "社会稳定风险评估",
    "public_participation": "公众参与",
    "collective_decision": "集体讨论决定",
    # absence
    "abroad": "出国",
    "out_of_area": "离开本地",
    "leave": "请假休假",
    "concurrent_duties": "同时有多项重要政务活动",
    "before": "事先向办公室报备",
    "before_and_after": "事前事后向办公室报告备案",
    "notify_leaders": "由办公室通报其他领导",
    # documents
    "government": "本级政府",
    "superior_government": "上级政府",
    "party_committee": "党委",
    "congress": "人大及其常委会",
    "congress_standing_committee": "人大常委会",
    "superior_legal_office": "上级司法行政部门",
    "routine_approval": "例行批准手续",
    "outbound_travel": "出国审批",
    "normative_government": "政府规范性文件",
    "normative_department": "部门规范性文件",
    "normative": "规范性文件",
    "policy": "政策措施",
    "contract": "合同协议",
    # what a department may not ask the government to do for matters within its own remit
    "forwarding": "不由政府批转、办公室转发",
    "any": "不以政府或办公室名义发文",
    # matters a signing exception covers (海南区 第五十三条)
    "fiscal_funds": "财政资金使用",
    "fee_waivers": "行政事业性收费和政府性基金减免",
    "state_assets": "国有资产监管",
    "public_resources": "公共资源转让",
    "concessions": "特许经营",
    "land_use": "土地使用",
}


def post(code: str, titles: dict[str, str] | None = None) -> str:
    """The Chinese name of a post or role, in the government's own titles when known."""
    titles = titles or {}
    if code in titles:
        return titles[code]
    if code in _DEPUTY_ROLES:
        return _DEPUTY_ROLES[code].format(titles.get("deputy", "副职"))
    return _POSTS.get(code, WORDS.get(code, code))


def word(code, titles: dict[str, str] | None = None) -> str:
    """Any code of a profile value in Chinese; unknown codes and free text pass through."""
    if code is None:
        return "（未规定）"
    if code is True:
        return "是"
    if code is False:
        return "否"
    if isinstance(code, (int, float)):
        return str(code)
    if titles and code in titles:
        return titles[code]
    if code in _POSTS or code in _DEPUTY_ROLES:
        return post(code, titles)
    return WORDS.get(code, code)


def value(v, titles: dict[str, str] | None = None) -> str:
    """A fact's value in Chinese: lists joined with 、, pipeline steps as 「提出：牵头部门」."""
    if isinstance(v, list):
        return "、".join(value(x, titles) for x in v) if v else "（无）"
    if isinstance(v, dict):
        if "action" in v:
            who = "或".join(word(p, titles) for p in [v["by"], *v.get("alternatives", [])])
            text = f"{word(v['action'])}：{who}"
            return text + (f"（{v['note']}）" if v.get("note") else "")
        if "review" in v:
            return f"{word(v['review'])}（{post(v['by'], titles)}，{word(v['applies_to'])}）"
        if "kind" in v:
            who = "或".join(post(p, titles) for p in [v["post"], *v.get("alternatives", [])])
            return f"{word(v['kind'])}：{who}" + (f"（{word(v['condition'])}）" if v.get("condition") else "")
        if "steps" in v:
            return " → ".join(value(s, titles) for s in v["steps"])
        if "label" in v:
            rest = [f"{k}：{value(x, titles)}" for k, x in v.items() if k != "label"]
            return v["label"] + (f"（{'；'.join(rest)}）" if rest else "")
        return "；".join(f"{k}：{value(x, titles)}" for k, x in v.items())
    return word(v, titles)


def titles(profile: "Profile") -> dict[str, str]:
    """The government's own names for post and meeting codes (区长, 区长办公会议)."""
    names = {code: leaf.value.title for code, leaf in profile.declared_posts.items()}
    names.update({code: leaf.value for code, leaf in profile.posts.items()})
    for kind in profile.meetings.types.value if profile.meetings and profile.meetings.types else []:
        block = profile.meeting(kind)
        if block is not None and block.name is not None:
            names[kind] = block.name.value
    return names


def version_label(profile: "Profile") -> str:
    """「《盘锦市大洼区人民政府工作规则》（2017年5月9日起施行）」: how a page names a rules version."""
    from zhengwu.rulebook.sources import load

    title = load(profile.source).title if profile.source else None
    name = f"《{title or profile.name + '工作规则'}》"
    day = profile.effective_from
    return name + (f"（{day.year}年{day.month}月{day.day}日起施行）" if day else "")
