"""The profile: a typed, cited encoding of one government's 《人民政府工作规则》.

Every rule value is a *leaf* `{value, cite}` (the article of the profile's own text, or of a
national law, that says it) or `{value, inherited_from}` (the text is silent, the value comes
from the default profile). A leaf with neither is refused when the profile is read, so no value
can pose as something the locality's text said. Exceptions (「除…外」「特殊情况经…同意」) are
named and cited on the leaf they override. Conflicts the text cannot have meant (a signing
matrix naming two signers for one document, a meeting type nobody signs the minutes of, a cite
to an article the text does not have) refuse the whole profile, naming where.

The shape is described for authors in `profiles/SCHEMA.md`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

PROFILES_DIR = Path(__file__).with_name("profiles")
DEFAULT_ID = "default"

# Vocabularies (code names from GLOSSARY.md). Users read the Chinese labels in `labels.py`.
Post = Literal[
    "head",
    "executive_deputy",
    "deputy",
    "office_director",
    "secretary_general",
    "deputy_office_director",
    "deputy_secretary_general",
    "party_secretary",
    "party_deputy_secretary",
    "department_head",
    "office",
    "legal_office",
    "supervision_office",
    "audit_office",
    "market_regulator",
    "legal_adviser",
    "department",
]
# Posts named by their relation to a matter or a meeting rather than by office.
Role = Literal[
    "oversight_deputy",  # 分管副区长: the deputy whose portfolio covers the matter
    "related_deputies",  # 有关副区长: other deputies whose portfolios the matter touches
    "designated_deputy",  # a deputy the head names
    "ab_partner",
    "fill_in",
    "chair",  # whoever chairs the meeting
    "delegating_leader",  # the leader who delegated the meeting
    "attending_deputies",
    "lead_department",
    "related_departments",
    "standing_observers",
    "party_group_members",
]
Actor = Literal[Post, Role]  # type: ignore[valid-type]
# `study`: 西市 26 「区政府建立学习制度，一般两个月安排一次专题学习」 — a recurring session with no minutes.
MeetingKind = Literal["party_group", "plenary", "executive", "head_office", "topical", "study"]
Cadence = Literal["2/month", "1/month", "1/2weeks", "1/quarter", "1/2months", "1/half_year", ">=2/year", "irregular"]
# Meeting kinds the texts give no minutes (so no minutes signer is required of them).
NO_MINUTES_KINDS = ("study",)
Issuer = Literal["government", "office"]
DocType = Literal[
    "resolution",
    "decision",
    "order",
    "communique",
    "announcement",
    "public_notice",
    "opinion",
    "notice",
    "bulletin",
    "report",
    "request",
    "reply",
    "motion",
    "letter",
    "minutes",
]
Addressee = Literal["superior_government", "party_committee", "congress"]
Matter = Literal["routine_approval", "outbound_travel"]
StepKind = Literal["review", "countersign", "sign_off"]
StepCondition = Literal["cross_portfolio"]
PipelineAction = Literal[
    "propose", "consult", "collect", "review", "legality_review", "approve", "decide", "finalize", "notify"
]
Review = Literal[
    "legality_review",
    "prior_request",
    "government_approval",
    "fair_competition_review",
    "public_comment",
    "interpretation",
    "legal_adviser_opinion",
    "expert_review",
    "risk_assessment",
    "stability_risk_assessment",
]
DecisionStep = Literal[
    "public_participation", "expert_review", "risk_assessment", "legality_review", "collective_decision"
]
AbsenceOccasion = Literal["abroad", "out_of_area", "leave", "concurrent_duties"]
DeputyCover = Literal["ab_partner", "fill_in"]
OfficeReport = Literal["before", "before_and_after", "notify_leaders"]
# The tier of government a text governs, from the State Council down to a township.
Level = Literal["national", "province", "city", "county", "district", "township"]

T = TypeVar("T")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Cite = str | list[str]


class NamedException(Strict):
    """A cited 「除…外」/「特殊情况」 on the rule it overrides. `value` is what applies instead."""

    name: str
    label: str
    cite: Cite | None = None
    inherited_from: str | None = None
    value: Any = None
    approver: Actor | None = None  # type: ignore[valid-type]
    matters: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _provenance(self):
        _check_provenance(self.cite, self.inherited_from)
        return self


def _check_provenance(cite, inherited_from) -> None:
    if (cite is None or cite == []) == (inherited_from is None):
        raise PydanticCustomError(
            "provenance",
            "每项取值须且只须有一个出处：cite（本规则或法律的条款）或 inherited_from（继承自默认规则）",
        )


class Leaf(Strict, Generic[T]):
    value: T
    cite: Cite | None = None
    inherited_from: str | None = None
    exceptions: list[NamedException] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _is_mapping(cls, data):
        if not isinstance(data, dict):
            raise PydanticCustomError(
                "leaf_shape", "应为 {value, cite} 或 {value, inherited_from}，不能只写取值"
            )
        if "value" not in data:
            raise PydanticCustomError("leaf_value", "缺少 value")
        return data

    @model_validator(mode="after")
    def _provenance(self):
        _check_provenance(self.cite, self.inherited_from)
        names = [e.name for e in self.exceptions]
        if len(names) != len(set(names)):
            raise PydanticCustomError("duplicate_exception", "同一规则下的例外名称重复")
        return self

    def exception(self, name: str) -> NamedException | None:
        """The named exception to this rule, or None when the text makes none."""
        return next((e for e in self.exceptions if e.name == name), None)


# --- posts and acting authority ------------------------------------------------------------


DECLARED_POST_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class DeclaredPost(Strict):
    """A post the text names that has no fixed code (党组书记 of a ministry, 国务委员, 秘书长 of a
    province, 办公室副主任 …): its title as the text writes it and the duties the text gives it."""

    title: str = Field(min_length=1)
    duties: list[str] = Field(default_factory=list)


class Acting(Strict):
    head_absent: Leaf[list[Actor]] | None = None  # type: ignore[valid-type]
    head_absent_occasions: Leaf[list[AbsenceOccasion]] | None = None
    head_absent_needs_mandate: Leaf[bool] | None = None
    deputy_absent: Leaf[DeputyCover | None] | None = None
    deputy_absent_occasions: Leaf[list[AbsenceOccasion]] | None = None


# --- meetings ------------------------------------------------------------------------------


class PipelineStep(Strict):
    action: PipelineAction
    by: Actor | MeetingKind  # type: ignore[valid-type]  # a meeting where a meeting decides (大连 43)
    alternatives: list[Actor] = Field(default_factory=list)  # type: ignore[valid-type]
    note: str | None = None
    # 「必要时报区长批准」 (大洼 42): taken only when the previous step's approver finds it needed.
    when_needed: bool = False


class MeetingType(Strict):
    name: Leaf[str] | None = None
    members: Leaf[list[Actor]] | None = None  # type: ignore[valid-type]
    observers: Leaf[list[str]] | None = None
    standing_observers: Leaf[list[str]] | None = None
    standing_observers_set_by: Leaf[Actor] | None = None  # type: ignore[valid-type]
    convener: Leaf[list[Actor]] | None = None  # type: ignore[valid-type]
    chair: Leaf[list[Actor]] | None = None  # type: ignore[valid-type]
    chair_by_delegation: Leaf[list[Actor]] | None = None  # type: ignore[valid-type]
    cadence: Leaf[Cadence] | None = None
    topic_proposers: Leaf[list[Actor]] | None = None  # type: ignore[valid-type]
    topic_pipeline: Leaf[list[PipelineStep]] | None = None
    documents_finalized_by: Leaf[list[Actor]] | None = None  # type: ignore[valid-type]
    disagreement_coordinator: Leaf[Actor] | None = None  # type: ignore[valid-type]
    unresolved_topics_refused: Leaf[bool] | None = None
    legality_review_first: Leaf[bool] | None = None
    materials_before_meeting: Leaf[bool] | None = None
    materials_lead_workdays: Leaf[int | None] | None = None
    minutes_drafter: Leaf[Actor] | None = None  # type: ignore[valid-type]
    minutes_reviewer: Leaf[Actor] | None = None  # type: ignore[valid-type]
    minutes_countersign: Leaf[Actor | None] | None = None  # type: ignore[valid-type]
    minutes_signer: Leaf[Actor] | None = None  # type: ignore[valid-type]
    to_office_within_workdays: Leaf[int | None] | None = None
    issue_within_workdays: Leaf[int | None] | None = None


class Absence(Strict):
    restricted: Leaf[bool] | None = None  # 「原则上不应请假」; the admitted reasons are its exceptions
    leader_approver: Leaf[Actor] | None = None  # type: ignore[valid-type]
    other_approver: Leaf[Actor] | None = None  # type: ignore[valid-type]
    other_filed_with_office: Leaf[bool] | None = None
    substitute_needs_consent: Leaf[bool] | None = None
    attendance_reported_by_office: Leaf[bool] | None = None


class Meetings(Strict):
    types: Leaf[list[MeetingKind]] | None = None
    major_matters_decided_by: Leaf[list[MeetingKind]] | None = None
    # The matters the text reserves to the 全体会议 or 常务会议 (大洼 21, 大连 22, 海南区 21 and 28,
    # 卧龙 21): a document on one is signed only with the resolution that decided it.
    reserved_matters: Leaf[list[Literal["plan", "budget", "major_plan", "major_policy", "social_management",
                                        "bill", "regulation", "normative", "reform", "rewards", "livelihood",
                                        "investment"]]] | None = None
    party_group: MeetingType | None = None
    plenary: MeetingType | None = None
    executive: MeetingType | None = None
    head_office: MeetingType | None = None
    topical: MeetingType | None = None
    study: MeetingType | None = None
    absence: Absence | None = None
    organised_by: Leaf[Actor] | None = None  # type: ignore[valid-type]


# --- documents -----------------------------------------------------------------------------


class Match(Strict):
    """Which documents a signing row (or an exception on it) applies to; absent = any."""

    issuer: Issuer | None = None
    doc_types: list[DocType] | None = None
    addressee: Addressee | None = None
    normative: bool | None = None
    important: bool | None = None
    from_executive_meeting: bool | None = None
    matter: Matter | None = None

    @field_validator("doc_types")
    @classmethod
    def _non_empty(cls, v):
        if v is not None and not v:
            raise PydanticCustomError("empty_list", "doc_types 不能为空列表（不限类型请省略此键）")
        return v


class SigningStep(Strict):
    kind: StepKind
    post: Actor  # type: ignore[valid-type]
    alternatives: list[Actor] = Field(default_factory=list)  # type: ignore[valid-type]
    condition: StepCondition | None = None
    cite: str | None = None


class RowException(Strict):
    """「重要的由区长签发」: when `when` also matches, sign-off moves to `sign_off` (any of)."""

    name: str
    label: str
    cite: Cite | None = None
    inherited_from: str | None = None
    when: Match
    sign_off: list[Actor] | None = None  # type: ignore[valid-type]
    add_steps: list[SigningStep] = Field(default_factory=list)

    @model_validator(mode="after")
    def _provenance(self):
        _check_provenance(self.cite, self.inherited_from)
        return self


class SigningRow(Strict):
    name: str
    label: str
    cite: Cite | None = None
    inherited_from: str | None = None
    match: Match
    otherwise: bool = False  # matches what no other row of the same issuer matches
    steps: list[SigningStep]
    exceptions: list[RowException] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self):
        _check_provenance(self.cite, self.inherited_from)
        if self.match.issuer is None:
            raise PydanticCustomError("row_issuer", "签发规则须写明 match.issuer（government 或 office）")
        if [s.kind for s in self.steps].count("sign_off") != 1:
            raise PydanticCustomError("row_sign_off", "每条签发规则须有且只有一个 sign_off 步骤，且放在最后")
        if self.steps[-1].kind != "sign_off":
            raise PydanticCustomError("row_sign_off", "每条签发规则须有且只有一个 sign_off 步骤，且放在最后")
        return self


class SigningMatrix(Strict):
    rows: list[SigningRow]
    common_steps: list[SigningStep] = Field(default_factory=list)
    common_steps_cite: Cite | None = None

    @model_validator(mode="after")
    def _common_steps_cited(self):
        if self.common_steps and not self.common_steps_cite:
            raise PydanticCustomError("common_steps_cite", "有 common_steps 时须写明 common_steps_cite（出处条款）")
        return self


class IncomingChecks(Strict):
    addressed_to_office: Leaf[bool] | None = None
    signed_by_principal_head: Leaf[bool] | None = None
    one_matter_per_request: Leaf[bool] | None = None
    no_request_in_report: Leaf[bool] | None = None
    no_dual_request_party_and_government: Leaf[bool] | None = None
    countersign_when_touching_other_departments: Leaf[bool] | None = None
    disagreement_lists_reasons: Leaf[bool] | None = None
    legality_statement_attached: Leaf[bool] | None = None
    nonconforming_returned: Leaf[bool] | None = None


class LeadTimes(Strict):
    normal: Leaf[int | None] | None = None
    urgent: Leaf[int | None] | None = None


class Routing(Strict):
    by_portfolio: Leaf[bool] | None = None
    major_to_head: Leaf[bool] | None = None
    clear_opinion_required: Leaf[bool] | None = None


class Countersign(Strict):
    reply_workdays: Leaf[int | None] | None = None
    silence_means_consent: Leaf[bool | None] | None = None


class ReviewRule(Strict):
    review: Review
    by: Actor  # type: ignore[valid-type]
    # `regulation`: a 政府规章 draft; `bill`: a 地方性法规 draft the government submits as a 议案 (大连 17).
    applies_to: Literal["normative_government", "normative_department", "normative", "policy", "contract", "regulation",
                        "bill"]
    # When the review must be in: before issue (the common case), or before the sign-off where the
    # text orders the review before the document is decided (海南区 21 「经区司法局合法性审查后，
    # …提请区政府常务会议审议决定」).
    before: Literal["sign_off", "issue"] = "issue"


class Filing(Strict):
    to: list[Literal["government", "legal_office", "superior_legal_office", "congress_standing_committee"]]
    catalogue_published_by: Actor | None = None  # type: ignore[valid-type]


class DepartmentNormative(Strict):
    """A department's own normative documents (大洼 18, 大连 19, 海南区 22, 西市 32): who answers the
    prior 请示 and approves a joint document for the government, which documents need which."""

    # 「涉及公众权益、社会关注度高的事项…应当事先请示区政府」: the government's answer, before the sign-off.
    prior_request: bool = True
    # 「部门联合制定的（重要）规范性文件发布前须经区政府批准」: all joint documents, or the important ones.
    joint_approval: Literal["all", "important"] | None = None
    answered_by: Actor = "head"  # type: ignore[valid-type]
    # 「严格合法性审查」: the texts name no reviewer for a department's own document — the drafting
    # department answers for it (西市 32 「严格合法性审核」).
    legality_review_by: Actor | None = None  # type: ignore[valid-type]


class Documents(Strict):
    incoming: IncomingChecks | None = None
    request_lead_workdays: LeadTimes | None = None
    routing: Routing | None = None
    countersign: Countersign | None = None
    signing: SigningMatrix | None = None
    required_reviews: Leaf[list[ReviewRule]] | None = None
    # 政府规章 (大连 17, 18): the 法制机构 reviews the draft before it is discussed; the draft is put
    # out for public comment. A document on a regulation says so (reserved matter `regulation`).
    regulation_reviews: Leaf[list[ReviewRule]] | None = None
    instruction_report_days: Leaf[int | None] | None = None
    instruction_report_signer: Leaf[Actor | None] | None = None  # type: ignore[valid-type]
    implementation_draft_months: Leaf[int | None] | None = None
    department_filing: Leaf[Filing | None] | None = None
    department_normative: Leaf[DepartmentNormative | None] | None = None
    government_filing: Leaf[Filing | None] | None = None
    consent_note: Leaf[str | None] | None = None
    # 「属部门职权范围内事务…不再由区政府批转或区政府办公室转发」 (大洼 46, 大连 48): `forwarding`;
    # 「…不以区政府或区政府办公室名义发文」 (西市 33, 海南区 63): `any` — no document in those names.
    department_matters: Leaf[Literal["forwarding", "any"] | None] | None = None
    proxy_draft_by_department: Leaf[bool] | None = None
    # After issue (海南区 21): the government's normative documents are cleaned up periodically
    # and evaluated after they have been in force. The texts name no interval.
    normative_cleanup: Leaf[bool] | None = None
    normative_post_evaluation: Leaf[bool] | None = None
    # 大连 18 「政府规章实施后要进行后评估」: an issued 规章 is reminded for its post-evaluation.
    regulation_post_evaluation: Leaf[bool] | None = None
    # 大连 18 「对经协调仍达不成一致意见的问题，市政府法制机构要列明各方理据，提出倾向性意见，及时报市政府
    # 决定」: who lists the views (the legal office); the government's meeting resolution decides.
    legislative_disagreement_by: Leaf[Actor | None] | None = None  # type: ignore[valid-type]
    # 大连 48 「部门或地区之间对有关问题未经协商一致，不得各自向下发文」: a department's own document
    # touching other departments is issued only when every countersigning department agreed.
    department_documents_need_agreement: Leaf[bool] | None = None
    # 西市 27 「拟提请区委有关会议审议或提请以区委、区政府名义联合发文的文件稿…先报区政府履行相关审议或
    # 审核程序」: such a draft is the government's (proxy draft through its chain), never a department's own.
    party_committee_drafts_via_government: Leaf[bool] | None = None


# --- decisions, contracts, conferences, leave, emergencies, supervision, disclosure ---------


class Decisions(Strict):
    required_steps: Leaf[list[DecisionStep]] | None = None
    decided_by: Leaf[list[MeetingKind]] | None = None
    stability_risk_assessment: Leaf[bool] | None = None
    public_comment_min_days: Leaf[int | None] | None = None
    implementation_tracking: Leaf[bool] | None = None
    catalog: Leaf[bool] | None = None
    lifelong_accountability: Leaf[bool] | None = None
    # 涉及相关部门的充分协商，涉及各地（镇、街道）的事先征求意见 (大洼 22, 大连 23, 海南区 29, 西市 28,
    # 卧龙 22): a step recorded before the decision (「不涉及」 is recorded as such).
    consultation: Leaf[bool] | None = None
    # 重大决策须向党委请示报告后方可决定 (西市 8、40 「必须向区委请示报告」, 海南区 3).
    party_committee_report: Leaf[bool] | None = None


class Contracts(Strict):
    required_reviews: Leaf[list[Review]] | None = None
    approved_by: Leaf[list[MeetingKind]] | None = None
    signers: Leaf[list[Actor]] | None = None  # type: ignore[valid-type]


class Conference(Strict):
    approval_chain: Leaf[list[PipelineStep]] | None = None
    meeting_request_chain: Leaf[list[PipelineStep]] | None = None  # 请示召开首长办公会议、业务会议
    national_meeting_chain: Leaf[list[PipelineStep]] | None = None  # 承接全国性会议
    max_minutes: Leaf[int | None] | None = None
    max_speech_minutes: Leaf[int | None] | None = None
    max_half_days: Leaf[int | None] | None = None
    per_department_per_year: Leaf[int | None] | None = None
    request_lead_workdays: Leaf[int | None] | None = None
    request_lead_days: Leaf[int | None] | None = None
    national_meeting_lead_months: Leaf[int | None] | None = None
    annual_plan_due: Leaf[str | None] | None = None  # "MM-DD"
    leaders_attend_department_meetings: Leaf[bool] | None = None


class LeaveRule(Strict):
    approver: Leaf[Actor | None] | None = None  # type: ignore[valid-type]
    office_report: Leaf[OfficeReport | None] | None = None


class Leave(Strict):
    deputy: LeaveRule | None = None
    office_director: LeaveRule | None = None
    secretary_general: LeaveRule | None = None
    department_head: LeaveRule | None = None


class Emergency(Strict):
    report_minutes: Leaf[int | None] | None = None
    major_situations_reported: Leaf[bool] | None = None


class Supervision(Strict):
    office: Leaf[Actor] | None = None  # type: ignore[valid-type]
    ledger: Leaf[bool] | None = None
    resolutions_tracked: Leaf[bool] | None = None
    no_duplicate_inspection: Leaf[bool] | None = None
    follow_up_review: Leaf[bool] | None = None
    # 「各部门要在每年年底前，提前向政府提交下一年度重点工作安排」 (海南区 29): the day, as 「MM-DD」.
    next_year_plans_due: Leaf[str | None] | None = None
    # 「定期将会议决定事项的落实情况向区政府领导同志报告」 (海南区 54): the text names no interval.
    resolution_reports: Leaf[bool] | None = None
    # 「每周到基层调研或现场办公不少于2次，并撰写调研报告或工作报告」 (大洼 58): the weekly minimum.
    weekly_fieldwork_min: Leaf[int | None] | None = None


class Disclosure(Strict):
    meeting_decisions: Leaf[list[MeetingKind]] | None = None
    policies: Leaf[bool] | None = None
    government_documents: Leaf[bool] | None = None
    interpretation_with_policy: Leaf[bool] | None = None
    confidentiality_review: Leaf[bool] | None = None
    request_reply_workdays: Leaf[int] | None = None
    request_extension_workdays: Leaf[int] | None = None
    publish_within_workdays: Leaf[int] | None = None  # 主动公开：信息形成之日起 N 个工作日内


class Profile(Strict):
    id: str
    name: str
    level: Level | None = None
    source: str | None  # the text in rulebook/sources/; null only for the default
    effective_from: dt.date | None = None
    repeals: Leaf[str] | None = None  # the earlier text this one repeals, as the text names it
    inherits: str | None = None
    posts: dict[Post, Leaf[str]] = Field(default_factory=dict)  # type: ignore[valid-type]
    # Posts beyond the fixed codes, keyed by a code the profile chooses (lower-case letters,
    # digits, underscores; not one of the fixed codes, so it cannot redefine them).
    declared_posts: dict[str, Leaf[DeclaredPost]] = Field(default_factory=dict)
    # Values kept although their cited article does not show them in so many words (a damaged
    # text, a reading across articles): key path → the reviewer's reason. See validate_text.
    text_overrides: dict[str, str] = Field(default_factory=dict)
    acting: Acting | None = None
    meetings: Meetings | None = None
    documents: Documents | None = None
    decisions: Decisions | None = None
    contracts: Contracts | None = None
    conference: Conference | None = None
    leave: Leave | None = None
    emergency: Emergency | None = None
    supervision: Supervision | None = None
    disclosure: Disclosure | None = None

    @field_validator("declared_posts")
    @classmethod
    def _declared_codes(cls, posts):
        fixed = set(get_args(Post)) | set(get_args(Role))
        for code in posts:
            if not DECLARED_POST_CODE.match(code):
                raise PydanticCustomError(
                    "declared_post_code", "自定义职务的代码须为 2–40 位小写字母、数字或下划线，以字母开头：{code}",
                    {"code": code})
            if code in fixed:
                raise PydanticCustomError(
                    "declared_post_code", "自定义职务的代码 {code} 与固定职务代码重复，请直接写在 posts 下", {"code": code})
        return posts

    def meeting(self, kind: str) -> MeetingType | None:
        return getattr(self.meetings, kind, None) if self.meetings else None

    def leaves(self):
        """Every (key path, leaf) of the profile, in schema order."""
        yield from _walk(self, ())

    def qualify(self, ref: str) -> str:
        """`37` → `dawa-2017:37`; a law or already qualified cite is kept."""
        return ref if ":" in ref else f"{self.source}:{ref}"

    def cite(self, holder) -> str | None:
        """The article id a verdict should carry for a leaf or exception (`dawa-2017:37`).

        None for an inherited value: the profile's own text does not say it. Of several cites
        the first is the one the rule rests on.
        """
        cite = holder.cite
        if not cite:
            return None
        return self.qualify(cite if isinstance(cite, str) else cite[0])


V = TypeVar("V")


def in_force(versions: list[V], on: dt.date) -> V:
    """The version of a government's rules in force on a date (the latest effective by then).

    `versions` are profiles or anything else with an `effective_from` (a tenant's adoptions).
    A tenant keeps every version it has run under; an event is checked against the one in
    force on the event's date, not against today's. A version without a date (卧龙's text, a
    tenant's first adoption) counts as in force from the start.
    """

    def start(version) -> dt.date:
        return version.effective_from or dt.date.min

    ordered = sorted(versions, key=start)
    current = [v for v in ordered if start(v) <= on]
    if not current:
        first = f"，最早的自 {start(ordered[0]).isoformat()} 起施行" if ordered else ""
        raise ProfileError([f"{on.isoformat()} 时尚无施行中的工作规则{first}"])
    return current[-1]


def _walk(obj, prefix: tuple[str, ...]):
    if isinstance(obj, (Leaf, SigningRow)):
        yield ".".join(prefix), obj
        return
    if isinstance(obj, SigningMatrix):
        for row in obj.rows:
            yield from _walk(row, prefix + ("rows", row.name))
        return
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from _walk(value, prefix + (key,))
        return
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if value is not None and not isinstance(value, (str, dt.date)):
                yield from _walk(value, prefix + (name,))


# --- errors --------------------------------------------------------------------------------


class ProfileError(Exception):
    """The profile cannot be used. `problems` are Chinese lines: file, key path, what is expected."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _where(file: str, path) -> str:
    return f"{file}：{'.'.join(str(p) for p in path) or '（整个文件）'}"


_PYDANTIC_MESSAGES = {
    "missing": "缺少必填项",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为键值映射",
    "model_type": "应为键值映射",
    "date_type": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "none_required": "应为 null",
}


def _pydantic_problems(file: str, error: ValidationError) -> list[str]:
    problems = []
    for err in error.errors():
        # Generic and union branches add type names to the location; users want the YAML path.
        path = [p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p in _TYPE_NAMES))]
        kind = err["type"]
        if kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            text = f"应为以下之一：{expected}，实际为 {err.get('input')!r}"
        elif kind == "extra_forbidden":
            allowed = _allowed_keys(path)
            text = "未知的键" + (f"；此处可用的键：{'、'.join(allowed)}" if allowed else "（请对照 SCHEMA.md）")
        elif kind in _PYDANTIC_MESSAGES:
            text = _PYDANTIC_MESSAGES[kind]
            if kind != "missing":
                text += f"，实际为 {err.get('input')!r}"
        else:
            text = err["msg"]
        problems.append(f"{_where(file, path)}：{text}")
    return list(dict.fromkeys(problems))


def _models_in(annotation) -> list[type[BaseModel]]:
    """The models a field holds, looking through Optional, unions, lists and dict values."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    args = get_args(annotation)
    if get_origin(annotation) is dict:
        args = args[1:]
    return [model for arg in args for model in _models_in(arg)]


def _allowed_keys(path: list) -> list[str]:
    """The keys the schema allows where an unknown key was found (for the error message)."""
    models: list[type[BaseModel]] = [Profile]
    for part in path[:-1]:
        inner = [m for model in models if part in model.model_fields for m in _models_in(model.model_fields[part].annotation)]
        # A list index or a dict key (posts.head) is not a field: stay on the item's model.
        models = inner or models
    return list(dict.fromkeys(key for model in models for key in model.model_fields))


_TYPE_NAMES = {
    "str", "int", "bool", "none", "list", "dict", "literal", "function-after", "function-before",
    "nullable", "union", "is-instance",
}


# --- loading -------------------------------------------------------------------------------


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError([f"{path.name}：找不到规则文件 {path}"]) from None
    except yaml.YAMLError as exc:
        raise ProfileError([f"{path.name}：YAML 格式错误：{exc}"]) from None
    if not isinstance(data, dict):
        raise ProfileError([f"{path.name}：（整个文件）：应为键值映射"])
    return data


def _parse(path: Path, data: dict) -> Profile:
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(_pydantic_problems(path.name, exc)) from None


def load_profile_file(path: str | Path, *, default: Profile | None = None) -> Profile:
    """Read, inherit and check one profile YAML; raise ProfileError listing every problem."""
    path = Path(path)
    return _load_data(path, _read_yaml(path), default)


def load_profile_data(data: dict, name: str, *, default: Profile | None = None) -> Profile:
    """Inherit and check a profile given as data (a stored profile's YAML read by the caller);
    `name` names it in the problems."""
    if not isinstance(data, dict):
        raise ProfileError([f"{name}：（整个文件）：应为键值映射"])
    return _load_data(Path(name), data, default)


def _load_data(path: Path, data: dict, default: Profile | None) -> Profile:
    profile = _parse(path, data)
    if profile.inherits is not None:
        if profile.inherits != DEFAULT_ID:
            raise ProfileError([f"{_where(path.name, ['inherits'])}：只能继承默认规则 {DEFAULT_ID}"])
        default = default or load_profile(DEFAULT_ID)
        profile = inherit(profile, default)
    problems = check(profile, path.name) + _check_inherited(profile, default, path.name)
    if problems:
        raise ProfileError(problems)
    return profile


def profile_dirs() -> list[Path]:
    """Where profiles are read from: the packaged ones, then the directories named in
    `ZHENGWU_PROFILE_DIRS` (a revised text can be added to a deployment without a release)."""
    extra = os.environ.get("ZHENGWU_PROFILE_DIRS", "")
    return [PROFILES_DIR, *(Path(d) for d in extra.split(os.pathsep) if d)]


def _profile_path(profile_id: str) -> Path | None:
    return next((d / f"{profile_id}.yaml" for d in profile_dirs() if (d / f"{profile_id}.yaml").is_file()), None)


# Profiles adopted at run time (stored in the database by `onboarding`, registered here by it).
_REGISTERED: dict[str, Profile] = {}


def register_profile(profile: Profile) -> None:
    """Make an adopted profile loadable by its id; a packaged id cannot be taken."""
    if profile.id in known_profiles() or profile.id == DEFAULT_ID:
        raise ProfileError([f"规则配置编号“{profile.id}”已被收录的规则配置使用，请另取编号"])
    _REGISTERED[profile.id] = profile


def registered_profiles() -> list[str]:
    return sorted(_REGISTERED)


def load_profile(profile_id: str) -> Profile:
    """The profile `profile_id` from the files (cached; profiles are immutable), or an adopted one."""
    registered = _REGISTERED.get(profile_id)
    return registered if registered is not None else _load_file(profile_id)


@lru_cache(maxsize=None)
def _load_file(profile_id: str) -> Profile:
    path = _profile_path(profile_id) if profile_id != DEFAULT_ID else PROFILES_DIR / f"{DEFAULT_ID}.yaml"
    if path is None:
        raise ProfileError([f"没有规则配置“{profile_id}”；现有：{'、'.join(known_profiles())}"])
    profile = load_profile_file(path)
    if profile.id != profile_id:
        raise ProfileError([f"{_where(path.name, ['id'])}：应与文件名一致（{profile_id}），实际为 {profile.id!r}"])
    return profile


def known_profiles(*, packaged_only: bool = False) -> list[str]:
    """Ids of the government profiles (the default is not a government); `packaged_only`: the
    texts shipped with the package, without those added by `ZHENGWU_PROFILE_DIRS`."""
    dirs = [PROFILES_DIR] if packaged_only else profile_dirs()
    return list(_profile_ids(tuple(dirs)))


@lru_cache(maxsize=8)
def _profile_ids(dirs: tuple[Path, ...]) -> tuple[str, ...]:
    # Asked on every tenant lookup and every rules version read: the directories are listed once
    # per process (profiles ship with a release; ZHENGWU_PROFILE_DIRS changes the key).
    return tuple(sorted({p.stem for d in dirs for p in d.glob("*.yaml") if p.stem != DEFAULT_ID}))


def validate(path: str | Path) -> list[str]:
    """Every problem of a profile file as Chinese lines; empty when the profile is good."""
    try:
        load_profile_file(path)
    except ProfileError as exc:
        return exc.problems
    return []


# --- inheritance ---------------------------------------------------------------------------


def _inherited(obj, source_id: str):
    """The default's value as seen from a profile whose text is silent: same value, no cite."""
    if isinstance(obj, (Leaf, SigningRow)):
        update: dict[str, Any] = {"cite": None, "inherited_from": source_id}
        update["exceptions"] = [_inherited(e, source_id) for e in obj.exceptions]
        if isinstance(obj, SigningRow):
            update["steps"] = [s.model_copy(update={"cite": None}) for s in obj.steps]
        return obj.model_copy(update=update)
    if isinstance(obj, RowException):
        return obj.model_copy(
            update={
                "cite": None,
                "inherited_from": source_id,
                "add_steps": [s.model_copy(update={"cite": None}) for s in obj.add_steps],
            }
        )
    if isinstance(obj, NamedException):
        return obj.model_copy(update={"cite": None, "inherited_from": source_id})
    if isinstance(obj, SigningMatrix):
        return obj.model_copy(
            update={
                "rows": [_inherited(r, source_id) for r in obj.rows],
                "common_steps": [s.model_copy(update={"cite": None}) for s in obj.common_steps],
                "common_steps_cite": None,
            }
        )
    if isinstance(obj, dict):
        return {k: _inherited(v, source_id) for k, v in obj.items()}
    if isinstance(obj, BaseModel):
        return obj.model_copy(
            update={n: _inherited(getattr(obj, n), source_id) for n in type(obj).model_fields if getattr(obj, n) is not None}
        )
    return obj


def _merge(own, default, source_id: str):
    if own is None:
        return None if default is None else _inherited(default, source_id)
    if default is None or isinstance(own, (Leaf, SigningMatrix)):
        return own
    if isinstance(own, dict):
        merged = {k: _inherited(v, source_id) for k, v in default.items() if k not in own}
        return {**merged, **own}
    update = {}
    for name in type(own).model_fields:
        if isinstance(own, Profile) and name in ("id", "name", "level", "source", "effective_from", "inherits",
                                                 "text_overrides"):
            continue
        if isinstance(own, Meetings) and name in get_args(MeetingKind):
            continue
        update[name] = _merge(getattr(own, name), getattr(default, name), source_id)
    return own.model_copy(update=update)


def inherit(profile: Profile, default: Profile) -> Profile:
    """Fill what the profile's text is silent on from the default, marked `inherited_from`.

    Meeting types are inherited only for the types the profile has: a government without a
    党组会议 must not acquire one from the default.
    """
    merged = _merge(profile, default, default.id)
    if merged.meetings is not None:
        kinds = merged.meetings.types.value if merged.meetings.types else []
        update = {}
        for kind in get_args(MeetingKind):
            own = getattr(merged.meetings, kind)
            base = getattr(default.meetings, kind, None) if default.meetings else None
            update[kind] = _merge(own, base, default.id) if kind in kinds else own
        merged = merged.model_copy(update={"meetings": merged.meetings.model_copy(update=update)})
    return merged


# --- load-time checks ----------------------------------------------------------------------


def _check_inherited(profile: Profile, default: Profile | None, file: str) -> list[str]:
    """A value marked inherited must be the default's: the provenance may not be invented."""
    base = dict(default.leaves()) if default is not None else {}
    problems = []
    for key, holder in profile.leaves():
        if holder.inherited_from is None:
            continue
        if holder.inherited_from != DEFAULT_ID or key not in base:
            problems.append(f"{_where(file, key.split('.') + ['inherited_from'])}：默认规则中没有此项，不能标为继承；请写明本规则的出处 cite")
        elif holder.model_dump(exclude={"exceptions"}) != _inherited(base[key], DEFAULT_ID).model_dump(exclude={"exceptions"}):
            problems.append(f"{_where(file, key.split('.') + ['value'])}：标为继承自默认规则，但取值与默认规则不同；请写明本规则的出处 cite")
    return problems


def check(profile: Profile, file: str) -> list[str]:
    """Problems the schema cannot see: cites to missing articles, matrix conflicts, gaps."""
    return (_check_cites(profile, file) + _check_meetings(profile, file) + _check_signing(profile, file)
            + _check_overrides(profile, file))


def _check_overrides(profile: Profile, file: str) -> list[str]:
    keys = {key for key, _ in profile.leaves()}
    keys |= {f"{key}.exceptions.{e.name}" for key, holder in profile.leaves() for e in holder.exceptions}
    problems = []
    for key, reason in profile.text_overrides.items():
        if key not in keys:
            problems.append(f"{_where(file, ['text_overrides', key])}：没有这一项，无从保留")
        elif not reason.strip():
            problems.append(f"{_where(file, ['text_overrides', key])}：须写明保留的理由")
    return problems


def _cites_of(obj) -> list[tuple[tuple, str]]:
    """(relative path, cite) for every cite held by obj and what it contains."""
    found = []

    def add(path, cite):
        if cite is None:
            return
        for ref in [cite] if isinstance(cite, str) else cite:
            found.append((path, ref))

    def walk(o, path):
        if isinstance(o, (Leaf, SigningRow)):
            add(path + ("cite",), o.cite)
            for e in o.exceptions:
                add(path + ("exceptions", e.name, "cite"), e.cite)
        if isinstance(o, SigningRow):
            for i, s in enumerate(o.steps):
                add(path + ("steps", i, "cite"), s.cite)
            for e in o.exceptions:
                for i, s in enumerate(e.add_steps):
                    add(path + ("exceptions", e.name, "add_steps", i, "cite"), s.cite)
            return
        if isinstance(o, SigningMatrix):
            add(path + ("common_steps_cite",), o.common_steps_cite)
            for i, s in enumerate(o.common_steps):
                add(path + ("common_steps", i, "cite"), s.cite)
            for r in o.rows:
                walk(r, path + ("rows", r.name))
            return
        if isinstance(o, Leaf):
            return
        if isinstance(o, dict):
            for k, v in o.items():
                walk(v, path + (k,))
        elif isinstance(o, BaseModel):
            for n in type(o).model_fields:
                v = getattr(o, n)
                if v is not None and not isinstance(v, (str, dt.date)):
                    walk(v, path + (n,))

    walk(obj, ())
    return found


def _check_cites(profile: Profile, file: str) -> list[str]:
    from zhengwu.rulebook import sources

    problems = []
    books: dict[str, Any] = {}
    for path, ref in _cites_of(profile):
        book_id, _, article = ref.rpartition(":")
        if not book_id:
            if profile.source is None:
                problems.append(f"{_where(file, path)}：默认规则没有自己的文本，出处须写成“规则编号:条”（如 dawa-2017:37），实际为 {ref!r}")
                continue
            book_id = profile.source
        elif profile.source is not None and book_id != profile.source and not book_id.startswith("law-"):
            problems.append(f"{_where(file, path)}：出处只能是本规则（{profile.source}）或法律（law-…）的条款，实际为 {ref!r}")
            continue
        if book_id not in books:
            try:
                books[book_id] = sources.load(book_id)
            except sources.RulebookError as exc:
                books[book_id] = None
                problems.append(f"{_where(file, path)}：出处所指的文本“{book_id}”无法读取：{exc}")
        book = books[book_id]
        if book is not None:
            try:
                book.get(article)
            except sources.RulebookError as exc:
                problems.append(f"{_where(file, path)}：出处 {ref!r} 所指的条款不存在：{exc}")
    return problems


def _check_meetings(profile: Profile, file: str) -> list[str]:
    meetings = profile.meetings
    if meetings is None or meetings.types is None:
        return []
    problems = []
    kinds = meetings.types.value
    for kind in get_args(MeetingKind):
        block = getattr(meetings, kind)
        path = ("meetings", kind)
        if kind in kinds:
            # The default only generalises; a government must say who signs every type's minutes.
            if profile.source is not None and kind not in NO_MINUTES_KINDS and (block is None or block.minutes_signer is None):
                problems.append(f"{_where(file, path + ('minutes_signer',))}：会议类型 {kind} 在 meetings.types 中，但没有纪要签发人")
            if block is not None and block.chair_by_delegation and block.chair:
                extra = set(block.chair_by_delegation.value) - set(block.chair.value)
                if extra:
                    problems.append(f"{_where(file, path + ('chair_by_delegation',))}：受委托主持者须同时列入 chair，缺少 {sorted(extra)}")
        elif block is not None:
            problems.append(f"{_where(file, path)}：会议类型 {kind} 不在 meetings.types 中，应删去或列入")
    return problems


# The document space a signing matrix must answer for: every combination of the query inputs.
_SPACE = {
    "issuer": list(get_args(Issuer)),
    "doc_type": list(get_args(DocType)),
    "addressee": [None, *get_args(Addressee)],
    "normative": [False, True],
    "important": [False, True],
    "from_executive_meeting": [False, True],
    "matter": [None, *get_args(Matter)],
}


def document_space():
    keys = list(_SPACE)
    for combo in itertools.product(*_SPACE.values()):
        yield dict(zip(keys, combo, strict=True))


def _check_signing(profile: Profile, file: str) -> list[str]:
    from zhengwu.rulebook.signing import SigningConflict, resolve

    signing = profile.documents.signing if profile.documents else None
    if signing is None:
        return []
    problems = []
    names = [r.name for r in signing.rows]
    for name in {n for n in names if names.count(n) > 1}:
        problems.append(f"{_where(file, ('documents', 'signing', 'rows', name))}：签发规则名称重复")
    for issuer in get_args(Issuer):
        fallbacks = [r.name for r in signing.rows if r.otherwise and r.match.issuer == issuer]
        if len(fallbacks) > 1:
            problems.append(f"{_where(file, ('documents', 'signing', 'rows'))}：发文机关 {issuer} 有多条 otherwise 规则（{'、'.join(fallbacks)}），只能有一条")
    seen = set()
    for doc in document_space():
        try:
            resolve(signing, **doc)
        except SigningConflict as conflict:
            key = conflict.rows
            if key not in seen:
                seen.add(key)
                problems.append(f"{_where(file, ('documents', 'signing', 'rows'))}：{conflict.message}")
    return problems
