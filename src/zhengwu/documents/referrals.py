"""交部门办理 (海南区 58): 「各部门报送区政府的请示性公文，由政府办公室按规定程序统一办理。需相关部门
研究办理的事项，由部门直接答复报文单位，并及时向政府办公室反馈办理结果；需区政府审批的事项，由相关
部门提出办理意见，及时反馈政府办公室。」

The office hands a registered 请示 to the department whose matter it is, either to answer the
sender directly (`answer`: the department records its answer and the result it reports back;
the 请示 is then closed) or to give its handling opinion on a matter the government approves
(`opinion`: the 请示 comes back to the office with it, to be routed). The text sets no number of
days («及时»), so no deadline is computed; the open referral stays on the department's 待办 and
the office sees it open and may 催办 it. Pure: the profile and the facts in, verdicts out.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhengwu.core.verdict import Verdict
from zhengwu.rulebook.profile import Profile
from zhengwu.rulebook.provenance import Rule, refusal, rule

KEY = "documents.routing.department_answers_directly"
MODES = {"answer": "由部门直接答复报文单位并反馈办理结果", "opinion": "由部门提出办理意见反馈政府办公室"}


def basis_rule(profile: Profile) -> Rule:
    return rule(profile, KEY)


@dataclass(frozen=True)
class Referral:
    """What the rules see of a 请示 about to be handed over, or of an open referral."""

    doc_type: str
    direction: str
    nonconforming: bool = False  # the incoming check found reasons: it goes back, not onward


def check_refer(profile: Profile, referral: Referral, *, office: bool, mode: str, same_as_sender: bool) -> Verdict:
    """The office, and only a conforming incoming 请示, where the profile's text provides for it."""
    r = basis_rule(profile)
    if not office:  # who first: an outsider learns nothing of the document or the rules
        found = refusal("referral_not_office", "请示性公文由政府办公室按规定程序统一办理，交部门办理由办公室决定",
                        r if r.value else None)
        return Verdict.refused(found.reasons[0].code, found.reasons[0].message, found.reasons[0].cite, who="政府办公室")
    if not r.value:
        return Verdict.refused("referral_not_in_rules", "本单位的工作规则没有将请示交部门直接答复的规定，请按程序呈批。")
    if mode not in MODES:
        return Verdict.refused("referral_unknown_mode", "交办方式应为「由部门直接答复报文单位」或「由部门提出办理意见」。", r.cite)
    if referral.direction != "incoming" or referral.doc_type != "request":
        return refusal("referral_not_request", "只有各部门报送的请示性公文可以交部门办理", r)
    if referral.nonconforming:
        return refusal("referral_nonconforming", "不符合规定的请示应先退回报文单位，不能交部门办理", r)
    if same_as_sender:
        return refusal("referral_to_sender", "请示应交相关部门研究办理，不能交回报文单位自己", r)
    return Verdict.passed()


def check_feedback(profile: Profile, *, mode: str, department: str, heads_department: bool, answer: str,
                   feedback: str) -> Verdict:
    """The department's answer to the sender and its feedback to the office (mode `answer`), or
    its handling opinion (mode `opinion`); by the department the 请示 was handed to."""
    r = basis_rule(profile)
    if not heads_department:
        who = f"{department}主要负责人"
        found = refusal("referral_not_department", f"该请示已交{department}办理，应由{who}答复并反馈政府办公室", r)
        return Verdict.refused(found.reasons[0].code, found.reasons[0].message, found.reasons[0].cite, who=who)
    verdicts = []
    if mode == "answer" and not answer.strip():
        verdicts.append(refusal("referral_answer_missing", "须写明直接答复报文单位的内容", r))
    if not feedback.strip():
        what = "办理结果" if mode == "answer" else "办理意见"
        verdicts.append(refusal("referral_feedback_missing", f"须写明向政府办公室反馈的{what}", r))
    return Verdict.all(verdicts)
