"""The document model's vocabularies, the provenance of a document rule, and the life of a
document declared as data (states, transitions, guards).

Implements 《党政机关公文处理工作条例》 第八条 (the 15 types), 第九条 (密级和保密期限, 紧急程度)
and 第二十四、二十五条 (收文 and 发文 procedure) as the frame every profile's document chapter
(大洼 43–46, 大连 44–51, 海南区 56–63, 西市 27–33) fills in. Pure: no storage, no clock.
The checks themselves live beside this module: `incoming`, `routing`, `countersign`,
`signoff`, `reviews`, `instructions`, `numbering`.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhengwu.core.verdict import Verdict
from zhengwu.rulebook import labels
from zhengwu.rulebook.provenance import rule

GONGWEN = "law-gongwen-2012"

# 条例第八条, in the article's order; the codes are the profile schema's DocType.
DOC_TYPES: dict[str, str] = {
    "resolution": "决议",
    "decision": "决定",
    "order": "命令（令）",
    "communique": "公报",
    "announcement": "公告",
    "public_notice": "通告",
    "opinion": "意见",
    "notice": "通知",
    "bulletin": "通报",
    "report": "报告",
    "request": "请示",
    "reply": "批复",
    "motion": "议案",
    "letter": "函",
    "minutes": "纪要",
}
DOC_TYPES_CITE = f"{GONGWEN}:8"

# 条例第九条第（二）项: 绝密 / 机密 / 秘密 with a term (保密期限).
CLASSIFICATIONS: dict[str, str] = {"secret": "秘密", "confidential": "机密", "top_secret": "绝密"}
CLASSIFICATION_RANK = {None: 0, "secret": 1, "confidential": 2, "top_secret": 3}
CLASSIFICATION_CITE = f"{GONGWEN}:9.2"

# 条例第九条第（三）项: 特急 / 加急.
URGENCIES: dict[str, str] = {"extra_urgent": "特急", "urgent": "加急"}
URGENCY_CITE = f"{GONGWEN}:9.3"

ISSUERS: dict[str, str] = {"government": "本级政府", "office": "政府办公室", "department": "部门"}
DIRECTIONS: dict[str, str] = {"incoming": "收文", "outgoing": "发文"}


def check_vocabulary(
    doc_type: str, classification: str | None, classification_term: str | None, urgency: str | None
) -> Verdict:
    """A document's type, 密级 (with its term) and 紧急程度 are those of the 条例."""
    verdicts = []
    if doc_type not in DOC_TYPES:
        verdicts.append(
            Verdict.refused(
                "unknown_doc_type",
                f"文种“{doc_type}”不在《党政机关公文处理工作条例》规定的15种公文之内。",
                DOC_TYPES_CITE,
            )
        )
    if classification is not None and classification not in CLASSIFICATIONS:
        verdicts.append(
            Verdict.refused("unknown_classification", f"密级“{classification}”应为秘密、机密或绝密。", CLASSIFICATION_CITE)
        )
    if classification is not None and not (classification_term or "").strip():
        verdicts.append(
            Verdict.refused(
                "classification_term_missing", "涉密公文须同时标注保密期限。", CLASSIFICATION_CITE
            )
        )
    if urgency is not None and urgency not in URGENCIES:
        verdicts.append(Verdict.refused("unknown_urgency", f"紧急程度“{urgency}”应为特急或加急。", URGENCY_CITE))
    return Verdict.all(verdicts)


# --- the life of a document, as data --------------------------------------------------------

STATES: dict[str, str] = {
    "draft": "拟稿",
    "submitted": "已报送",
    "returned": "已退回",
    "routed": "已呈批",
    "referred": "已交部门办理",
    "countersigning": "会签中",
    "signing": "审核签发中",
    "signed": "已签发",
    "issued": "已印发",
    "filed": "已备案",
    "closed": "已办结",
}


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the step keeps the state (a review or an instruction on the way)
    guard: str | None  # name of the rule check the service runs before the step
    cite: str


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", "报送", ("draft",), "submitted", "incoming_checks", f"{GONGWEN}:24.3"),
        Transition("return", "退回", ("submitted",), "returned", "has_reasons", f"{GONGWEN}:24.3"),
        # The returned 请示, revised by its department and sent again: checked again from the start.
        Transition("resubmit", "修改后重新报送", ("returned",), "submitted", "incoming_checks", f"{GONGWEN}:24.3"),
        Transition("route", "呈批", ("submitted", "routed"), "routed", "routing", f"{GONGWEN}:24.4"),
        # 海南区 58: a 请示 handed to the department whose matter it is; it answers the sender and
        # reports back (closed), or gives its opinion for the government's approval (back to the office).
        Transition("refer", "交部门办理", ("submitted",), "referred", "referral", f"{GONGWEN}:24.4"),
        Transition("referral_answered", "部门答复并反馈办公室", ("referred",), "closed", "referral", f"{GONGWEN}:24.4"),
        Transition("referral_opinion", "部门提出办理意见反馈办公室", ("referred",), "submitted", "referral", f"{GONGWEN}:24.4"),
        Transition("instruct", "批示", ("routed",), None, "clear_opinion", f"{GONGWEN}:24.4"),
        Transition("close", "办结", ("routed",), "closed", "instructed", f"{GONGWEN}:24.4"),
        Transition("revise", "审改", ("draft", "submitted"), "draft", None, f"{GONGWEN}:21"),
        Transition("open_countersign", "发起会签", ("draft", "submitted"), "countersigning", None, f"{GONGWEN}:20"),
        Transition("countersign_reply", "会签回复", ("countersigning",), None, "countersign_open", f"{GONGWEN}:20"),
        # The countersigned draft goes back to the office, which sends it for signing.
        Transition("close_countersign", "结束会签", ("countersigning",), "draft", "countersign_complete", f"{GONGWEN}:20"),
        Transition("send_for_signing", "送签", ("draft", "submitted"), "signing", "no_countersign_needed", f"{GONGWEN}:20"),
        Transition("review", "审核", ("signing",), None, "chain_step", f"{GONGWEN}:20"),
        Transition("record_review", "记录审查", ("draft", "submitted", "countersigning", "signing", "signed"), None, None, f"{GONGWEN}:19"),
        Transition("sign_off", "签发", ("signing",), "signed", "sign_off", f"{GONGWEN}:22"),
        Transition("issue", "印发", ("signed",), "issued", "reviews_before_issue", f"{GONGWEN}:25.1"),
        Transition("file", "备案", ("issued",), "filed", "filing", f"{GONGWEN}:25.2"),
    )
}


def cleared(level: str | None, classification: str | None) -> bool:
    """A user cleared up to `level` may read a document of `classification` (条例第九条第（二）项)."""
    return CLASSIFICATION_RANK.get(level, 0) >= CLASSIFICATION_RANK[classification]


def check_transition(state: str, action: str) -> Verdict:
    """Whether `action` may be taken from `state`; the guard is the service's next question."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        return Verdict.refused("unknown_action", f"没有“{action}”这一公文办理环节。", f"{GONGWEN}:24")
    if state not in transition.sources:
        allowed = "、".join(STATES[s] for s in transition.sources)
        return Verdict.refused(
            "illegal_transition",
            f"公文当前状态为“{STATES.get(state, state)}”，不能{transition.label}（只有“{allowed}”的公文可以{transition.label}）。",
            transition.cite,
        )
    return Verdict.passed()


def next_state(state: str, action: str) -> str:
    transition = TRANSITIONS[action]
    return transition.target or state


def check_meeting_basis(profile, ref) -> Verdict:
    """A document that carries out a meeting's decision (「经区政府常务会议讨论决定的事项」, 西市 31(五),
    海南区 62) names that resolution: of signed minutes, of a meeting that decides major matters
    (`meetings.major_matters_decided_by`: 大洼 6, 大连 6, 海南区 8, 西市 18). `ref` is the
    resolution named (a `zhengwu.core.references.ResolutionRef`), or None."""
    decided_by = rule(profile, "meetings.major_matters_decided_by")
    kinds = list(decided_by.value or [])
    titles = labels.titles(profile)
    names = "或".join(labels.word(k, titles) for k in kinds) or "政府常务会议"
    if ref is None:
        return Verdict.refused("meeting_resolution_missing",
                               f"本件公文为落实会议决定的事项，须注明作出决定的{names}议定事项。", decided_by.cite)
    if not ref.signed:
        return Verdict.refused("meeting_resolution_unsigned", "所注明的议定事项所在会议纪要尚未签发。", decided_by.cite)
    if kinds and ref.meeting_kind not in kinds:
        return Verdict.refused("meeting_resolution_wrong_kind",
                               f"重大事项须经{names}讨论决定，所注明的议定事项出自{labels.word(ref.meeting_kind, titles)}。",
                               decided_by.cite)
    return Verdict.passed()


# The matters the texts reserve to the 全体会议 or 常务会议, with the words an article names them by.
RESERVED_MATTERS: dict[str, tuple[str, str]] = {
    "plan": ("国民经济和社会发展规划、计划", "计划"), "budget": ("财政预算", "预算"), "major_plan": ("重大规划", "规划"),
    "major_policy": ("重大政策措施", "政策"), "social_management": ("社会管理重要事务", "社会管理"),
    "bill": ("法规议案", "议案"), "regulation": ("政府规章", "规章"), "normative": ("政府规范性文件", "规范性文件"),
    "reform": ("重要改革方案", "改革"), "rewards": ("重要奖惩事项", "奖惩"), "livelihood": ("重大民生问题和社会稳定事项", "民生"),
    "investment": ("重大投资建设项目", "投资"),
}
RESERVED_KEY = "meetings.reserved_matters"
DECIDING_MEETINGS = ("plenary", "executive")  # 「由区政府全体会议或常务会议讨论和决定」


def reserved_matter(profile, *, issuer: str, normative: bool, declared: str | None) -> str | None:
    """The reserved matter a document is on: the one its drafter named, or — a government
    normative document being one by its nature where the text lists them — `normative`."""
    items = set(rule(profile, RESERVED_KEY).value or [])
    if declared in items:
        return declared
    if normative and issuer == "government" and "normative" in items:
        return "normative"
    return None


def reserved_cite(profile, matter: str) -> str | None:
    """Of the leaf's articles, the one that names the matter (海南区 28 lists the budget, 21 the
    normative documents). A text that lists none inherits the common list and rests on its own
    article reserving 「重大问题」 to those meetings (西市 18)."""
    from zhengwu.rulebook.provenance import leaf_at, rule_cite
    from zhengwu.rulebook.sources import load

    leaf = leaf_at(profile, RESERVED_KEY)
    cites = leaf.cite if leaf is not None else None
    refs = [cites] if isinstance(cites, str) else list(cites or [])
    for ref in refs:
        qualified = profile.qualify(ref)
        book, _, article = qualified.partition(":")
        if RESERVED_MATTERS[matter][1] in load(book).get(article).text:
            return qualified
    return rule_cite(profile, RESERVED_KEY) or rule(profile, "meetings.major_matters_decided_by").cite


def check_reserved_matter(profile, matter: str | None, ref) -> Verdict:
    """A document on a matter the text reserves to the 全体会议 or 常务会议 is signed only with the
    resolution that decided it (大洼 21, 大连 22, 海南区 21/28, 卧龙 21): of signed minutes of one of
    those meetings. `ref` is the resolution named (core.references.ResolutionRef) or None."""
    if matter is None:
        return Verdict.passed()
    cite = reserved_cite(profile, matter)
    label = RESERVED_MATTERS[matter][0]
    note = rule(profile, RESERVED_KEY).inherited_note
    if ref is None:
        return Verdict.refused("reserved_matter_resolution_missing",
                               f"{label}须经全体会议或常务会议讨论决定，签发前须注明作出决定的议定事项。{note}", cite)
    if not ref.signed:
        return Verdict.refused("meeting_resolution_unsigned", "所注明的议定事项所在会议纪要尚未签发。", cite)
    if ref.meeting_kind not in DECIDING_MEETINGS:
        return Verdict.refused("reserved_matter_wrong_meeting",
                               f"{label}须经全体会议或常务会议讨论决定，所注明的议定事项出自{labels.word(ref.meeting_kind, labels.titles(profile))}。",
                               cite)
    return Verdict.passed()


def check_department_matter(profile, *, department_matter: bool, forwarding: bool) -> Verdict:
    """大洼 46, 大连 48: a matter within a department's own powers is not 批转/转发 by the government
    or its office; 西市 33, 海南区 63: it is not issued in their name at all — the department issues
    it itself or jointly."""
    r = rule(profile, "documents.department_matters")
    if not department_matter or r.value is None or (r.value == "forwarding" and not forwarding):
        return Verdict.passed()
    what = "批转或转发" if r.value == "forwarding" else "以政府或政府办公室名义发文"
    return Verdict.refused("department_matter", f"属部门职权范围内的事务，应由部门自行发文或联合发文，不{what}。", r.cite)


MAX_RETURN_REASON = 1000  # 退回理由: a paragraph, not a second document


def check_return_reason(reason: str, cite: str) -> Verdict:
    """退回 says why (条例第二十四条第（三）项「退回来文单位并说明理由」): the office's own words, not
    only the initial check's list, and no longer than a paragraph."""
    if not reason.strip():
        return Verdict.refused("no_return_reason", "退回理由：不能为空，退回公文须向来文单位说明理由。", cite)
    if len(reason) > MAX_RETURN_REASON:
        return Verdict.refused("return_reason_too_long",
                               f"退回理由：最多{MAX_RETURN_REASON}字，实为{len(reason)}字。", cite)
    return Verdict.passed()


RECIPIENTS_CITE = f"{GONGWEN}:9.8"  # 主送机关, one element of the document


def _unlabelled(text: str) -> tuple[str, bool]:
    """The text without a typed 「主送：」 label, and whether it had one."""
    text = text.strip()
    for label in ("主送机关", "主送"):
        if text.startswith(label) and text[len(label):][:1] in ("：", ":"):
            return text[len(label) + 1:].strip(), True
    return text, False


def _same(a: str, b: str) -> bool:
    def norm(x: str) -> str:
        return "".join(x.split()).replace("、", "，").replace(",", "，").rstrip("：:")
    return norm(a) == norm(b)


def recipients_and_body(main_recipients: str, body: str) -> tuple[str, str, Verdict]:
    """主送机关 once (GB/T 9704 7.3.2: one line under the title, closed by a colon): the 主送
    field without a typed 「主送：」 label or closing colon, and the body without a first line that
    repeats it — a clerk used to paper types the 主送 line at the head of the body too. A first
    line marked 「主送：」 is taken as the 主送 when the field is empty; one that differs from the
    field is refused rather than guessed. Any other first line is the body's own."""
    main = _unlabelled(main_recipients)[0].rstrip("：:").strip()
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return main, body, Verdict.passed()
    line, labelled = _unlabelled(lines[first])
    rest = "\n".join(lines[:first] + lines[first + 1:]).lstrip("\n")
    if main and line.endswith(("：", ":")) and _same(line, main):
        return main, rest, Verdict.passed()
    if labelled and not main:
        return line.rstrip("：:").strip(), rest, Verdict.passed()
    if labelled:
        return main, body, Verdict.refused(
            "recipients_twice", f"主送：已填写“{main}”，正文首行又写了“主送：{line}”，两处不一致，请只保留一处。",
            RECIPIENTS_CITE)
    return main, body, Verdict.passed()
