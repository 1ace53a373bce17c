"""The tenant's profile as a readable quick reference, and the text of any cited article.

Every value on the quick reference links to the article it rests on (`/rules/<cite>`), or says
that the government's text is silent and the value is the default's. The `basis_link` and
`isotime` template filters are registered here for every page that shows a cite or a time.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from markupsafe import Markup

from zhengwu.core.errors import NotFound
from zhengwu.org import rules
from zhengwu.rulebook import cite as cites
from zhengwu.rulebook import labels
from zhengwu.rulebook.articles import Item, RulebookError
from zhengwu.rulebook.facts import facts
from zhengwu.web.context import PageCtx, TenantPageContext, TenantPageCtx
from zhengwu.web.shell import add_nav
from zhengwu.web.templating import templates

router = APIRouter(include_in_schema=False)
add_nav("规则速查", "rules", action="tenant.view", order=800)

# Chinese names of the key segments of profile facts (the code names are GLOSSARY's).
SEGMENTS = {
    "posts": "职务称谓", "head": "政府首长", "office": "政府办公室", "title": "称谓", "director_title": "主任（秘书长）称谓",
    "acting": "代行", "head_absent": "首长外出时代行人", "head_absent_occasions": "首长代行的情形",
    "head_absent_needs_mandate": "须经首长委托", "deputy_absent": "副职外出时代行方式",
    "deputy_absent_occasions": "副职代行的情形",
    "meetings": "会议", "types": "会议类型", "major_matters_decided_by": "重大事项决定会议", "organised_by": "会务组织",
    "party_group": "党组会议", "plenary": "全体会议", "executive": "常务会议", "head_office": "首长办公会议", "study": "专题学习",
    "topical": "专题会议", "name": "名称", "members": "组成人员", "observers": "列席", "standing_observers": "常设列席单位",
    "standing_observers_set_by": "常设列席单位确定人", "convener": "召集人", "chair": "主持人",
    "chair_by_delegation": "受委托主持", "cadence": "频次", "topic_proposers": "议题提出", "topic_pipeline": "议题流程",
    "documents_finalized_by": "文件审定", "materials_before_meeting": "会前送材料", "materials_lead_workdays": "材料提前工作日",
    "minutes_drafter": "纪要起草", "minutes_reviewer": "纪要审核", "minutes_countersign": "纪要会签",
    "minutes_signer": "纪要签发", "to_office_within_workdays": "送办公室时限（工作日）",
    "issue_within_workdays": "印发时限（工作日）", "absence": "会议请假", "leader_approver": "领导请假批准人",
    "other_approver": "其他人员请假批准人", "other_filed_with_office": "向办公室备案",
    "substitute_needs_consent": "替会须经同意", "attendance_reported_by_office": "办公室通报出席",
    "disagreement_coordinator": "分歧协调人", "unresolved_topics_refused": "未协调一致不上会",
    "legality_review_first": "先经合法性审查", "restricted": "限制",
    "documents": "公文", "incoming": "来文要求", "addressed_to_office": "主送办公室",
    "signed_by_principal_head": "主要负责人签发", "one_matter_per_request": "一文一事",
    "no_request_in_report": "报告不夹带请示", "no_dual_request_party_and_government": "不得党政双请示",
    "countersign_when_touching_other_departments": "涉及他部门须会签", "disagreement_lists_reasons": "分歧须列明理由",
    "legality_statement_attached": "附合法性说明", "nonconforming_returned": "不合要求退回",
    "request_lead_workdays": "请示提前量（工作日）", "normal": "一般", "urgent": "紧急", "routing": "呈批",
    "by_portfolio": "按分工呈批", "major_to_head": "重大事项报首长", "clear_opinion_required": "须有明确意见",
    "countersign_reply_workdays": "会签答复时限（工作日）", "countersign_silence_means_consent": "逾期未复视为同意",
    "signing": "签发规则", "rows": "", "common_steps": "共同步骤", "required_reviews": "必经审查",
    "instruction_report_days": "批示件报告时限（日）", "instruction_report_signer": "批示件报告签发",
    "implementation_draft_months": "实施细则起草时限（月）", "department_filing": "部门文件备案", "department_normative": "部门规范性文件的请示与批准", "reserved_matters": "须经全体会议或常务会议决定的事项", "regulation_reviews": "地方性法规和政府规章草案的审查与征求意见",
    "government_filing": "政府文件备案", "consent_note": "同意字样", "proxy_draft_by_department": "部门代拟稿",
    "normative_cleanup": "规范性文件定期清理", "normative_post_evaluation": "规范性文件实施后评估", "regulation_post_evaluation": "政府规章实施后评估", "legislative_disagreement_by": "立法协调分歧列明理据",
    "department_documents_need_agreement": "部门之间协商一致后方可各自发文", "party_committee_drafts_via_government": "报区委审议或联合发文的文稿先报政府",
    "decisions": "重大行政决策", "required_steps": "法定程序", "decided_by": "决定会议",
    "stability_risk_assessment": "社会稳定风险评估", "public_comment_min_days": "公开征求意见最少天数",
    "implementation_tracking": "执行跟踪", "catalog": "决策目录", "lifelong_accountability": "终身责任追究",
    "contracts": "合同协议", "approved_by": "审议会议", "signers": "签署人",
    "conference": "全区（市）性会议", "approval_chain": "审批流程", "max_minutes": "会议时长上限（分钟）",
    "max_speech_minutes": "讲话时长上限（分钟）", "max_half_days": "会期上限（半天）",
    "per_department_per_year": "每部门每年次数", "request_lead_days": "报批提前天数",
    "national_meeting_lead_months": "全国性会议提前月数", "annual_plan_due": "年度计划报送日",
    "leaders_attend_department_meetings": "领导出席部门会议",
    "leave": "请销假", "deputy": "副职", "executive_deputy": "常务副职", "office_director": "办公室主任",
    "secretary_general": "秘书长", "department_head": "部门主要负责人", "approver": "审批人",
    "office_report": "向办公室报告", "emergency": "突发事件", "report_minutes": "报告时限（分钟）",
    "major_situations_reported": "重大情况须报告", "supervision": "督查", "ledger": "台账",
    "resolutions_tracked": "议定事项督办", "no_duplicate_inspection": "不重复督查", "follow_up_review": "回头看", "next_year_plans_due": "下一年度重点工作安排提交期限", "resolution_reports": "定期报告会议决定事项落实情况", "weekly_fieldwork_min": "每周基层调研次数下限",
    "disclosure": "政务公开", "meeting_decisions": "公开的会议决定", "policies": "政策公开",
    "government_documents": "政府文件公开", "interpretation_with_policy": "政策解读同步",
    "confidentiality_review": "保密审查", "request_reply_workdays": "依申请公开答复时限（工作日）",
    "request_extension_workdays": "延长答复时限（工作日）",
    "exceptions": "例外", "repeals": "废止的文本",
    "department_matters": "部门职权内事务", "consultation": "发文前充分协商",
    "party_committee_report": "向党委请示报告", "meeting_request_chain": "请示召开会议的审批流程",
    "national_meeting_chain": "承办全国性会议的审批流程", "publish_within_workdays": "主动公开时限（工作日）",
}
SECTIONS = {"head": "posts", "office": "posts"}


def key_label(profile, key: str, holders: dict) -> str:
    """「会议 · 常务会议 · 纪要签发」 for `meetings.executive.minutes_signer`; a signing row by its label."""
    parts = key.split(".")
    if "rows" in parts:
        row = holders.get(".".join(parts[: parts.index("rows") + 2]))
        tail = ["exceptions"] if "exceptions" in parts else []
        parts = parts[: parts.index("rows")] + [row.label if row is not None else parts[parts.index("rows") + 1]] + tail
    if "exceptions" in parts:
        parts = parts[: parts.index("exceptions") + 1]
    titles = rules.titles(profile)
    words = [SEGMENTS.get(p) if p in SEGMENTS else labels.post(p, titles) if p in titles else p for p in parts]
    return " · ".join(w for w in words if w)


def _within(section: str, key: str, label: str) -> str:
    # The section heading already says the first word: 「会议 · 频次」 reads 「频次」 under 会议.
    return label.split(" · ", 1)[1] if key.split(".")[0] == section and " · " in label else label


# Keys inside structured values (exceptions, signing-row exceptions, filing), in Chinese.
_VALUE_KEYS = {"value": "改为", "approver": "须经同意", "matters": "适用事项", "when": "适用于", "sign_off": "改由签发",
               "add_steps": "增加步骤", "to": "报送", "catalogue_published_by": "目录公布", "matter": "事项",
               "important": "重要", "from_executive_meeting": "常务会议决定", "issuer": "发文机关",
               "doc_types": "文种", "addressee": "主送", "normative": "规范性文件",
               "prior_request": "涉及公众权益的事先请示", "joint_approval": "联合制定的发布前批准",
               "answered_by": "答复与批准", "legality_review_by": "合法性审查"}


def fact_value(value, titles: dict[str, str]) -> str:
    """A fact's value in Chinese; structured values read 「label（改为：…）」, never their code keys."""
    if isinstance(value, dict) and set(value) - {"label"} <= set(_VALUE_KEYS):
        rest = [f"{_VALUE_KEYS[k]}：{fact_value(v, titles)}" for k, v in value.items() if k != "label"]
        text = "；".join(rest)
        return f"{value['label']}（{text}）" if "label" in value and rest else value.get("label", text)
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return "、".join(fact_value(v, titles) for v in value)
    return labels.value(value, titles)


def basis_link(cite: str | list | None, said: str = "") -> Markup:
    """「依据《…》第…条」 linking to the article text; an article the message `said` already
    names is not printed a second time."""
    if not cite:
        return Markup("")
    links = []
    for one in [cite] if isinstance(cite, str) else cite:
        try:
            text = cites.basis(one)
            if said and cites.describe(one) in said:
                continue
        except RulebookError:
            text = one
        links.append(Markup('<a class="cite" href="/rules/{}">{}</a>').format(one, text))
    return Markup("；").join(links)


def isotime(value: str | datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(ZoneInfo("Asia/Shanghai")).strftime(fmt)


templates.env.filters["basis_link"] = basis_link
templates.env.filters["isotime"] = isotime


@router.get("/t/{tenant}/rules")
def quick_reference(ctx: TenantPageContext = TenantPageCtx):
    profile = ctx.profile
    titles = rules.titles(profile)
    groups: dict[str, list[dict]] = {}
    holders = dict(profile.leaves())
    for key, fact in facts(profile).items():
        section = key.split(".")[0]
        section = SECTIONS.get(section, section)
        groups.setdefault(SEGMENTS.get(section, section), []).append({
            "key": key, "label": _within(section, key, key_label(profile, key, holders)),
            "value": fact_value(fact["value"], titles), "cite": fact["cite"],
            "inherited": fact["inherited_from"]})
    return ctx.render("org/rules.html", profile=profile, groups=groups, version_label=labels.version_label(profile))


@router.get("/rules/{cite}")
def article(cite: str, ctx: TenantPageContext = PageCtx):
    try:
        found = cites.resolve(cite)
        title = cites.describe(cite)
    except RulebookError as exc:
        raise NotFound(str(exc)) from None
    paragraphs = [found.text] if isinstance(found, Item) else list(found.paragraphs or [found.text])
    return ctx.render("org/article.html", cite=cite, title=title, paragraphs=paragraphs)
