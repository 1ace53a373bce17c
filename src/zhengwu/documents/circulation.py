"""传阅: which documents go round, to whom, who may mark them read, and when the round is done.

Implements 《党政机关公文处理工作条例》 第二十四条第（五）项: 「根据领导批示和工作需要将公文及时送
传阅对象阅知或者批示。办理公文传阅应当随时掌握公文去向，不得漏传、误传、延误。」 — the office
names the readers (people by the post they hold, and units), each reader reads and may write a
批示, the office sees who has read and who not, and presses (催阅) those who have not.
Pure: the service passes in the document's state and the reader's standing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from zhengwu.core.verdict import Verdict
from zhengwu.documents.rules import CLASSIFICATION_CITE, GONGWEN

CITE = f"{GONGWEN}:24.5"
MAX_READERS = 60  # a round goes to the leaders and the units concerned, not to the whole government
MAX_COMMENT = 2000  # a 批示 is a few lines; the 会签 and 退回 notes are held to the same order
MAX_NOTE = 500

# A received document circulates once the office has it in hand (registered and conforming, or
# routed to a leader, or closed); an outgoing one once it is issued (阅知 of what went out).
CIRCULABLE = {"incoming": ("submitted", "routed", "closed"), "outgoing": ("issued", "filed")}


@dataclass(frozen=True)
class ReaderState:
    label: str
    read_at: datetime | None


def check_start(direction: str, state: str, *, nonconforming: bool, readers: int, open_round: bool,
                note: str, classified: bool = False, uncleared: tuple[str, ...] = (), units: int = 0) -> Verdict:
    """The office starts a round: a document in hand, at least one reader, one round at a time.
    A classified document goes only to people cleared for its 密级, never to a whole unit."""
    verdicts = []
    if classified and units:
        verdicts.append(Verdict.refused(
            "classified_to_unit", "涉密公文只能传阅给有相应阅读权限的个人，不能传阅给单位。", CLASSIFICATION_CITE))
    if classified and uncleared:
        verdicts.append(Verdict.refused(
            "reader_not_cleared", f"涉密公文只能传阅给有相应阅读权限的人员，{'、'.join(uncleared)}尚未获得该密级的阅读权限。",
            CLASSIFICATION_CITE))
    if state not in CIRCULABLE.get(direction, ()):
        verdicts.append(Verdict.refused(
            "not_circulable",
            "只有已登记的收文（已报送、已呈批或已办结）和已印发的发文可以传阅。", CITE))
    elif nonconforming and state == "submitted":
        verdicts.append(Verdict.refused(
            "nonconforming_not_circulated", "初审不符合规定的公文应退回来文单位，不得传阅。", f"{GONGWEN}:24.3"))
    if readers == 0:
        verdicts.append(Verdict.refused("no_readers", "请至少选择一位传阅对象（领导同志或单位）。", CITE))
    if readers > MAX_READERS:
        verdicts.append(Verdict.refused("too_many_readers", f"一次传阅最多{MAX_READERS}个对象。", CITE))
    if open_round:
        verdicts.append(Verdict.refused(
            "circulation_open", "本件公文正在传阅，须待传阅完毕后再发起新的传阅；未阅的可以催阅。", CITE))
    if len(note) > MAX_NOTE:
        verdicts.append(Verdict.refused("note_too_long", f"传阅说明最多{MAX_NOTE}字，实为{len(note)}字。", CITE))
    return Verdict.all(verdicts)


def check_read(*, is_reader: bool, already_read: bool, comment: str) -> Verdict:
    """A named reader (or a member of a named unit) marks it read, once; a 批示 may go with it."""
    if not is_reader:
        return Verdict.refused(
            "not_a_reader", "您不在本次传阅对象之内，不能标记已阅；传阅对象由政府办公室确定。", CITE)
    if already_read:
        return Verdict.refused("already_read", "您已阅过本件，已阅和批示只记录一次。", CITE)
    if len(comment) > MAX_COMMENT:
        return Verdict.refused("comment_too_long", f"批示最多{MAX_COMMENT}字，实为{len(comment)}字。", CITE)
    return Verdict.passed()


def check_urge(*, completed: bool, unread: int) -> Verdict:
    """催阅 goes to those who have not read, while the round is open."""
    if completed or unread == 0:
        return Verdict.refused("nothing_to_urge", "本次传阅已全部阅毕，无需催阅。", CITE)
    return Verdict.passed()


def complete(readers: list[ReaderState]) -> bool:
    """传阅完毕: every reader has read (不得漏传)."""
    return bool(readers) and all(r.read_at is not None for r in readers)
