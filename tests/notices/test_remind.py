"""催办 in one action (《党政机关公文处理工作条例》第二十四条第（六）项: the office's step of 收文办理):
the office chases a unit or a person about one pending item; anyone else is refused with the
article; another government's ids are not found. And the notice centre's API and page."""

from __future__ import annotations

from sqlalchemy import func, select

from support import api_token, assert_refused_and_audited, csrf_of, log_in
from documents_support import seen_document
from zhengwu.core import audit
from zhengwu.documents import intake
from zhengwu.documents.models import Document
from zhengwu.notices.models import Notice

from notices.test_channels import TITLE, notices_of, submit

PASSWORD = "zhengwu-demo"


def _remind(client, who: str, body: dict, slug: str = "dawa"):
    return client.post(f"/api/tenants/{slug}/reminders", json=body, headers=api_token(client, who, PASSWORD))


def _count(office) -> int:
    with office.db.read() as session:
        return session.execute(select(func.count()).select_from(Notice)).scalar_one()


def test_gongwen_24_6_the_office_chases_a_unit_about_a_pending_document(make_office, client):
    office = make_office("dawa-2017")
    doc = submit(office)
    answer = _remind(client, "dawa.office", {"object_type": "document", "object_id": str(doc.id),
                                             "unit_id": office.department("zjj"), "message": "请于明日前补报材料。"})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"reminded": 1}
    reminded = notices_of(office, "zjj")[-1]
    director = office.user("office").display_name
    assert (reminded.kind, reminded.what, reminded.title, reminded.link) == (
        "reminded", "请示（已报送）", TITLE, f"documents/{doc.id}")
    assert f"催办人：{director}" in reminded.body and "请于明日前补报材料。" in reminded.body
    assert "依据《党政机关公文处理工作条例》第二十四条第（六）项" in reminded.body
    with office.db.read() as session:
        event = audit.recent(session, audit.chain_of(office.tenant.id), limit=1)[0]
    assert (event.action, event.actor_user_id, event.object_type, event.object_id, event.cite) == (
        "notice.remind", office.user("office").id, "document", str(doc.id), "law-gongwen-2012:24.6")
    assert event.summary["detail"]["to"] == "区住房和城乡建设局" and event.summary["detail"]["title"] == TITLE

    # The clerk may chase a person too.
    answer = _remind(client, "sun", {"object_type": "document", "object_id": str(doc.id),
                                     "user_id": office.user("dep1").id})
    assert answer.status_code == 200 and notices_of(office, "dep1")[-1].kind == "reminded"


def test_gongwen_24_6_a_department_may_not_chase(make_office, client):
    office = make_office("dawa-2017")
    doc = submit(office)
    before = _count(office)
    answer = _remind(client, "dawa.czj", {"object_type": "document", "object_id": str(doc.id),
                                          "unit_id": office.department("zjj")})
    assert answer.status_code == 403
    assert answer.json()["message"] == "您无权催办：此操作仅限政府办公室工作人员。"
    assert answer.json()["cite"] == "law-gongwen-2012:24.6"
    assert_refused_and_audited(office.db, office.tenant, "notice.remind")
    assert _count(office) == before


def test_another_governments_item_unit_or_person_is_not_found(make_office, client):
    dawa, xishi = make_office("dawa-2017"), make_office("xishi-2024")
    theirs = submit(xishi)
    mine = submit(dawa)
    before = _count(dawa)
    for body in ({"object_type": "document", "object_id": str(theirs.id), "unit_id": dawa.department("zjj")},
                 {"object_type": "document", "object_id": str(mine.id), "unit_id": xishi.department("zjj")},
                 {"object_type": "document", "object_id": str(mine.id), "user_id": xishi.user("head").id},
                 {"object_type": "minutes_of_nothing", "object_id": "1", "unit_id": dawa.department("zjj")}):
        answer = _remind(client, "dawa.office", body)
        assert answer.status_code == 404, (body, answer.text)
    assert _count(dawa) == before


def test_a_returned_request_may_be_chased_a_closed_one_not(make_office, client, unaudited_writes):
    office = make_office("dawa-2017")
    doc = submit(office)
    office.run("office", "document.return", lambda uow: intake.return_document(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), reasons=["请补充依据"]))
    body = {"object_type": "document", "object_id": str(doc.id), "unit_id": office.department("zjj")}
    # A returned 请示 still waits on its department.
    assert _remind(client, "dawa.office", body).status_code == 200
    with office.db.write() as session:  # as if answered and closed (办结)
        session.get(Document, doc.id).state = "closed"
    answer = _remind(client, "dawa.office", body)
    assert answer.status_code == 422
    assert answer.json()["message"] == f"请示（已办结）「{TITLE}」已经办结，无须催办。"


def test_the_notice_api_pages_and_marks_read(make_office, client):
    office = make_office("dawa-2017")
    for n in range(3):
        submit(office, title=f"关于第{n}个项目的请示")
    headers = api_token(client, "sun", PASSWORD)
    first = client.get("/api/tenants/dawa/notices?limit=2", headers=headers).json()
    assert first["unread"] == 3 and first["total"] == 3
    assert [n["title"] for n in first["items"]] == ["关于第2个项目的请示", "关于第1个项目的请示"]
    rest = client.get(f"/api/tenants/dawa/notices?limit=2&after={first['next_after']}", headers=headers).json()
    assert [n["title"] for n in rest["items"]] == ["关于第0个项目的请示"] and rest["next_after"] is None
    one = first["items"][0]["id"]
    assert client.post(f"/api/tenants/dawa/notices/{one}/read", headers=headers).json()["read"] is True
    assert client.get("/api/tenants/dawa/notices?unread=true", headers=headers).json()["total"] == 2
    # Another person's notice is not theirs to read.
    other = api_token(client, "dawa.office", PASSWORD)
    assert client.post(f"/api/tenants/dawa/notices/{one}/read", headers=other).status_code == 404
    assert client.post("/api/tenants/dawa/notices/read-all", headers=headers).json() == {"marked": 2}
    assert client.get("/api/tenants/dawa/notices", headers=headers).json()["unread"] == 0


def test_the_page_shows_the_count_and_the_chase_only_to_the_office(make_office, client):
    office = make_office("dawa-2017")
    doc = submit(office)
    log_in(client, "dawa.office", PASSWORD)
    page = client.get("/t/dawa/notices")
    assert page.status_code == 200
    assert 'class="badge" aria-label="1 件">1<' in page.text
    assert "请示待初审登记：" + TITLE in page.text and "发出催办" in page.text
    assert "区住房和城乡建设局" in page.text  # a unit to chase, by name
    item = client.get(f"/t/dawa/documents/{doc.id}")
    assert "发出催办" in item.text
    opened = client.post(f"/t/dawa/notices/{notices_of(office, 'office')[0].id}/open",
                         data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert opened.headers["location"] == f"/t/dawa/documents/{doc.id}"
    assert '通知 <span class="badge"' not in client.get("/t/dawa/notices").text

    client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    log_in(client, "dawa.zjj", PASSWORD)
    page = client.get(f"/t/dawa/documents/{doc.id}")
    assert "发出催办" not in page.text
    refused = client.post("/t/dawa/remind", data={"csrf_token": csrf_of(page.text), "object_type": "document",
                                                  "object_id": str(doc.id), "target": f"unit:{office.department('zjj')}"})
    assert refused.status_code == 403
    assert "此操作仅限政府办公室工作人员" in refused.text and "第二十四条第（六）项" in refused.text
