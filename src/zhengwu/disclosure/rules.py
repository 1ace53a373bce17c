"""Disclosure (政务公开): what is queued for publication, the confidentiality check before it,
interpretations published with policies, the publication deadline, and the clock of a
disclosure request from the public.

Article families: the profile's 「…讨论决定的事项，…制定的政策，除依法需要保密的外，应及时公布」
(大洼 26, 大连 27, 海南区 34, 西市 22, 卧龙 29), 保密审查 (卧龙 28), 政策解读同步 (海南区 37);
《政府信息公开条例》 14 (classified information is not disclosed), 17 (review before
publication), 26 (publish within 20 working days of forming), 33 (reply within 20 working
days; one extension of at most 20, approved by the head of the disclosure office). Pure: the
working calendar and "today" come in as arguments.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from datetime import date

from zhengwu.calendar.workdays import WorkCalendar
from zhengwu.core.verdict import RuleViolation, Verdict
from zhengwu.rulebook.profile import Profile
from zhengwu.rulebook.provenance import refusal, rule, rule_cite

KIND_LABELS = {"resolution": "会议议定事项", "policy": "政策措施", "government_document": "政府公文"}
CLASSIFICATION_LABELS = {"secret": "秘密", "confidential": "机密", "top_secret": "绝密"}
CLASSIFIED_CITE = "law-disclosure-2019:14"
REPLY_KEY = "disclosure.request_reply_workdays"
EXTENSION_KEY = "disclosure.request_extension_workdays"


@dataclass(frozen=True)
class ItemState:
    kind: str
    title: str
    formed_on: date
    meeting_kind: str | None = None
    classification: str | None = None
    confidentiality_checked: bool = False
    interpretation: str | None = None


def required(profile: Profile, kind: str, meeting_kind: str | None = None) -> tuple[bool, str | None]:
    """Must the profile's government publish this kind of item? (and the article that says so)"""
    if kind == "resolution":
        kinds = rule(profile, "disclosure.meeting_decisions").value or []
        return meeting_kind in kinds, rule_cite(profile, "disclosure.meeting_decisions")
    key = {"policy": "disclosure.policies", "government_document": "disclosure.government_documents"}.get(kind)
    if key is None:
        return False, None
    return bool(rule(profile, key).value), rule_cite(profile, key)


def check_item(kind: str, title: str, meeting_kind: str | None, classification: str | None) -> Verdict:
    verdict = Verdict.passed()
    if kind not in KIND_LABELS:
        verdict &= Verdict.refused("unknown_kind", f"没有「{kind}」这类公开事项。")
    if kind == "resolution" and not meeting_kind:
        verdict &= Verdict.refused("meeting_missing", "会议议定事项须注明作出决定的会议。")
    if classification is not None and classification not in CLASSIFICATION_LABELS:
        verdict &= Verdict.refused("unknown_classification", f"没有「{classification}」这一密级。")
    if not title.strip():
        verdict &= Verdict.refused("title_missing", "公开事项须有标题。")
    return verdict


def interpretation_required(profile: Profile, kind: str) -> bool:
    return kind == "policy" and bool(rule(profile, "disclosure.interpretation_with_policy").value)


def check_publish(profile: Profile, item: ItemState) -> Verdict:
    """Publication: never a classified item; only after the confidentiality check; a policy with
    its interpretation where the profile publishes them together."""
    if item.classification:
        return refusal("classified", f"「{item.title}」定为{CLASSIFICATION_LABELS[item.classification]}，依法不予公开",
                       CLASSIFIED_CITE)
    verdict = Verdict.passed()
    if not item.confidentiality_checked:
        verdict &= refusal("confidentiality_unchecked", f"「{item.title}」尚未经保密审查，不得公开",
                           rule(profile, "disclosure.confidentiality_review"))
    if interpretation_required(profile, item.kind) and not (item.interpretation or "").strip():
        verdict &= refusal("interpretation_missing", f"政策性文件「{item.title}」须与解读材料同步公开",
                           rule(profile, "disclosure.interpretation_with_policy"))
    return verdict


def publication_due(profile: Profile, calendar: WorkCalendar, formed_on: date) -> date | None:
    """None where the text sets no limit."""
    days = rule(profile, "disclosure.publish_within_workdays").value
    if days is None:
        return None
    return calendar.add_workdays(formed_on, days)


def check_published_in_time(profile: Profile, calendar: WorkCalendar, item: ItemState,
                            published_on: date | None, today: date) -> Verdict:
    """Late publication, or none yet past the deadline, of an item the profile requires published."""
    needed, _ = required(profile, item.kind, item.meeting_kind)
    due = publication_due(profile, calendar, item.formed_on)
    if not needed or item.classification or due is None:
        return Verdict.passed()
    source = rule(profile, "disclosure.publish_within_workdays")
    if published_on is not None:
        if published_on <= due:
            return Verdict.passed()
        return refusal("published_late", f"「{item.title}」应于 {due} 前公开，{published_on} 才公开", source)
    if today > due:
        return refusal("not_published", f"「{item.title}」应于 {due} 前公开，至今未公开", source)
    return Verdict.passed()


# --- disclosure requests (依申请公开) -----------------------------------------------------


@dataclass(frozen=True)
class RequestState:
    received_on: date
    extension_workdays: int = 0
    replied_on: date | None = None


@dataclass(frozen=True)
class RequestClock:
    due_on: date
    workdays_left: int  # negative when overdue
    verdict: Verdict  # refused when the reply is (or was) late

    @property
    def late(self) -> bool:
        return not self.verdict.ok


def reply_due(profile: Profile, calendar: WorkCalendar, state: RequestState) -> date:
    """20 working days after the day the request was received (that day not counted), plus
    the extension granted."""
    return calendar.add_workdays(state.received_on, rule(profile, REPLY_KEY).value + state.extension_workdays)


def check_extension(profile: Profile, calendar: WorkCalendar, state: RequestState, workdays: int,
                    approver: str, on: date) -> Verdict:
    """One extension, at most the profile's working days, approved, decided before the deadline."""
    source = rule(profile, EXTENSION_KEY)
    limit = rule(profile, EXTENSION_KEY).value
    if state.replied_on is not None:
        return Verdict.refused("already_replied", "该申请已答复，无需延期。")
    if state.extension_workdays:
        return refusal("extension_once", "答复期限只能延长一次，本申请已延长过", source)
    verdict = Verdict.passed()
    if not 1 <= workdays <= limit:
        verdict &= refusal("extension_too_long", f"延长的期限最长不得超过 {limit} 个工作日", source)
    if not approver.strip():
        verdict &= refusal("extension_unapproved", "延长答复期限须经政府信息公开工作机构负责人同意", source)
    due = reply_due(profile, calendar, state)
    if on > due:
        verdict &= refusal("extension_after_due", f"答复期限已于 {due} 届满，不能再延长", source)
    return verdict


def request_clock(profile: Profile, calendar: WorkCalendar, state: RequestState, today: date) -> RequestClock:
    """The deadline, the working days left, and whether the reply is (or was) late."""
    due = reply_due(profile, calendar, state)
    source = rule(profile, REPLY_KEY)
    end = state.replied_on or today
    left = calendar.workdays_between(end, due) if end <= due else -calendar.workdays_between(due, end)
    if end <= due:
        return RequestClock(due, left, Verdict.passed())
    what = f"{state.replied_on} 才答复" if state.replied_on else "至今未答复"
    return RequestClock(due, left, refusal(
        "reply_late", f"答复期限为 {due}，{what}，已逾期 {-left} 个工作日", source))


# 《政府信息公开条例》第三十一条: when a request counts as received, by how it was submitted.
RECEIPT_CHANNELS = {
    "in_person": ("当面提交", "提交之日", "law-disclosure-2019:31.1"),
    "post_signed": ("邮寄（需签收）", "签收之日", "law-disclosure-2019:31.2"),
    "post_unsigned": ("平常信函（无需签收）", "与申请人确认之日", "law-disclosure-2019:31.2"),
    "online": ("互联网渠道或传真", "双方确认之日", "law-disclosure-2019:31.3"),
}


@dataclass(frozen=True)
class Receipt:
    received_on: date
    cite: str
    basis: str  # what the date is, in Chinese: 「签收之日」


def receipt(channel: str, on: date | None) -> Receipt:
    """条例第三十一条: the day a request counts as received is, in person, the day it was handed
    in; by post that is signed for, the day the office signed for it; by ordinary letter, the
    day the office confirmed it with the applicant (which it must do the day the letter
    arrives); online or by fax, the day both sides confirmed it. `on` is that day, as the
    office registers it; refused when the channel is unknown or the day is missing."""
    if channel not in RECEIPT_CHANNELS:
        Verdict.refused("unknown_channel", "请选择申请的提交方式（当面、邮寄、平常信函或互联网/传真）。",
                        "law-disclosure-2019:31").raise_if_refused()
    label, basis, cite = RECEIPT_CHANNELS[channel]
    if on is None:
        raise RuleViolation(Verdict.refused("receipt_date_missing", f"{label}的申请以{basis}为收到申请之日，请填写该日期。", cite))
    return Receipt(on, cite, basis)


# 《政府信息公开条例》第二十九条第二款: what a request must contain. The identity document and the
# form and way of receiving the information are asked in the government's words.
APPLICATION_CITE = "law-disclosure-2019:29"
IDENTITY_TYPES = {"resident_id": "居民身份证", "passport": "护照或港澳台居民证件", "credit_code": "统一社会信用代码证明",
                  "other": "其他有效身份证明"}
MEDIA = {"paper": "纸质文本", "electronic": "电子文档"}
DELIVERIES = {"post": "邮寄", "email": "电子邮件", "fax": "传真", "pickup": "当面领取", "online": "网上查阅"}
_RESIDENT_ID = re.compile(r"^\d{17}[\dXx]$")
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


@dataclass(frozen=True)
class Application:
    applicant: str
    identity_type: str
    identity_number: str
    contact: str
    description: str
    medium: str
    delivery: str


def check_application(app: Application) -> Verdict:
    """条例第二十九条: the applicant's name, identity document and contact (第（一）项); the name,
    number or a description by which the office can find the information (第（二）项); the form
    and the way of receiving it (第（三）项). Each missing or unusable item is one reason."""
    verdict = Verdict.passed()

    def need(ok: bool, code: str, message: str, item: int) -> None:
        nonlocal verdict
        if not ok:
            verdict &= refusal(code, message, f"{APPLICATION_CITE}.{item}")

    need(bool(app.applicant.strip()), "applicant_missing", "请填写申请人姓名或名称", 1)
    need(app.identity_type in IDENTITY_TYPES, "identity_type_missing", "请选择身份证明的种类", 1)
    number = app.identity_number.strip()
    need(bool(number), "identity_number_missing", "请填写身份证明的号码", 1)
    if number and app.identity_type == "resident_id":
        need(bool(_RESIDENT_ID.match(number)), "identity_number_invalid", "居民身份证号码应为 18 位（末位可为 X）", 1)
    if number and app.identity_type == "credit_code":
        need(bool(_CREDIT_CODE.match(number.upper())), "identity_number_invalid", "统一社会信用代码应为 18 位数字或大写字母", 1)
    need(bool(app.contact.strip()), "contact_missing", "请填写联系方式", 1)
    need(bool(app.description.strip()), "description_missing",
         "请填写申请公开的政府信息的名称、文号或者便于查询的其他特征性描述", 2)
    need(app.medium in MEDIA, "medium_missing", "请选择所需信息的形式（纸质文本或电子文档）", 3)
    need(app.delivery in DELIVERIES, "delivery_missing", "请选择获取信息的途径（邮寄、电子邮件、传真、当面领取或网上查阅）", 3)
    if app.delivery == "email" and app.contact.strip():
        need("@" in app.contact, "email_missing", "选择以电子邮件获取的，联系方式中应有电子邮箱地址", 3)
    if app.delivery in ("email", "online") and app.medium == "paper":
        need(False, "medium_mismatch", "纸质文本不能以电子邮件或网上查阅的方式获取，请改选电子文档或其他途径", 3)
    return verdict
