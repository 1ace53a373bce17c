"""A deadline computed on a provisional year (暂定) is computed again when the operator enters
that year's State Council notice: from its start date and working-day count, the domain's due
date updated, the move audited (old → new, with the rule's cite) and shown to its owner."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from deadlines_support import rows

from support import api_token
from documents_support import seen_document
from zhengwu.calendar import CHINA_TZ
from zhengwu.core import audit
from zhengwu.demo import DEMO_PASSWORD
from zhengwu.documents import countersigning, drafting, reading
from zhengwu.documents.models import CountersignRequest

NOTICE_2027 = (Path(__file__).parent.parent / "calendar" / "notices" / "2027-fictional.txt").read_text("utf-8")


def test_entering_the_notice_moves_a_provisional_countersign_deadline_xishi_29(client, make_office, make_user):
    office = make_office("xishi-2024")
    zjj, zrj = office.department("zjj"), office.department("zrj")
    monday = datetime(2027, 2, 1, 9, tzinfo=CHINA_TZ)
    draft = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=zjj, title="关于春节期间安全生产的通知",
        main_recipients="各街道办事处", body="请认真贯彻执行。", touches_department_ids=(zrj,)), now=monday)
    [request] = office.run("zjj", "document.countersign_open", lambda uow: countersigning.open_countersign(
        uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id), department_ids=[zrj]), now=monday)
    # Provisionally only 除夕 to 初三 (02-05, 02-08 on weekdays) are off: 7 working days → 02-12.
    assert request.due == date(2027, 2, 12)
    [row] = rows(office.db, office.tenant.id, "countersign_reply")
    assert row.provisional is True
    owner = api_token(client, "xishi.zjj", DEMO_PASSWORD)
    listed = client.get("/api/tenants/xishi/deadlines", headers=owner).json()
    assert [(d["due"], d["provisional"]) for d in listed] == [("2027-02-12", True)]

    make_user("root", platform_admin=True)
    entered = client.post("/api/calendar/notices", headers=api_token(client, "root"), json={"text": NOTICE_2027})
    assert entered.status_code == 201, entered.text
    assert entered.json()["moved"] == 1

    # Officially 02-05 … 02-12 are off and Sunday 02-14 is worked: 02-02, 03, 04, 14, 15, 16, 17.
    with office.db.read() as session:
        assert session.get(CountersignRequest, request.id).due == date(2027, 2, 17)
        [moved] = [e for e in audit.recent(session, audit.chain_of(office.tenant.id), limit=20)
                   if e.action == "deadline.moved"]
    assert (moved.object_type, moved.object_id, moved.cite) == ("document", str(draft.id), "xishi-2024:29")
    assert (moved.summary["detail"]["from"], moved.summary["detail"]["to"]) == ("2027-02-12", "2027-02-17")
    [row] = rows(office.db, office.tenant.id, "countersign_reply")
    assert (row.due, row.provisional) == (date(2027, 2, 17), False)
    shown = client.get("/api/tenants/xishi/deadlines", headers=owner,
                       params={"object_type": "document", "object_id": draft.id}).json()
    assert shown[0]["move_notes"] == ["期限由 2027-02-12 调整为 2027-02-17（国务院办公厅节假日安排录入后按正式安排重新计算）"]
    assert shown[0]["provisional"] is False
    # The document's own countersign clock shows the new date.
    clocks = office.read(lambda s, t: reading.countersign_clocks(s, t, monday, doc_id=draft.id))
    assert clocks[0].request.due == date(2027, 2, 17)


def test_a_deadline_on_an_official_year_is_not_touched_xishi_29(client, make_office, make_user):
    office = make_office("xishi-2024")
    zjj, zrj = office.department("zjj"), office.department("zrj")
    draft = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=zjj, title="关于加强物业管理的通知",
        main_recipients="各街道办事处", body="请认真贯彻执行。", touches_department_ids=(zrj,)))
    office.run("zjj", "document.countersign_open", lambda uow: countersigning.open_countersign(
        uow, doc_id=draft.id, expected_version=seen_document(uow, draft.id), department_ids=[zrj]))
    make_user("root", platform_admin=True)
    body = client.post("/api/calendar/notices", headers=api_token(client, "root"), json={"text": NOTICE_2027}).json()
    [row] = rows(office.db, office.tenant.id, "countersign_reply")
    assert (row.due, row.moves, row.provisional) == (date(2024, 3, 13), [], False)
    assert body["moved"] == 0
