"""The org's pages: the chart, leave through forms (refusals shown with their article), the
home panels, the quick reference and the article text it links to."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from zhengwu.org import service
from zhengwu.org.models import LeaveRequest

from support import TEST_NOW, csrf_of, log_in

PASSWORD = "zhengwu-demo"
LOCAL = ZoneInfo("Asia/Shanghai")


def _local(moment) -> str:
    return moment.astimezone(LOCAL).strftime("%Y-%m-%dT%H:%M")


def test_leave_by_form_and_refusals_on_the_page(client, db, make_org):
    org = make_org("dalian-2014")
    log_in(client, "dalian.czj", PASSWORD)
    page = client.get("/t/dalian/leave")
    assert page.status_code == 200 and "报请请假" in page.text
    start = TEST_NOW + timedelta(days=1)
    form = {"csrf_token": csrf_of(page.text), "post_id": str(org.post("czj").id), "occasion": "out_of_area",
            "starts_at": _local(start), "ends_at": _local(start + timedelta(days=2)), "reason": "赴京汇报"}
    done = client.post("/t/dalian/leave", data=form, follow_redirects=False)
    assert done.status_code == 303
    listing = client.get("/t/dalian/leave").text
    assert "分管副市长（李副市长）" in listing and "依据《大连市人民政府工作规则》第五十四条" in listing
    again = client.post("/t/dalian/leave", data=form)
    assert again.status_code == 422 and "时间重叠" in again.text
    with db.read() as session:
        leave = session.query(LeaveRequest).one()

    # 张市长 is not the approver of a department head's leave in 大连: the page says why.
    client.post("/logout", data={"csrf_token": csrf_of(listing)})
    log_in(client, "dalian.head", PASSWORD)
    token = csrf_of(client.get("/t/dalian/leave").text)
    refused = client.post(f"/t/dalian/leave/{leave.id}/approve", data={"csrf_token": token,
                                                                     "version": str(leave.version)})
    assert refused.status_code == 403
    assert "应由分管副市长审批" in refused.text and "第五十四条" in refused.text

    client.post("/logout", data={"csrf_token": token})
    log_in(client, "dalian.exec", PASSWORD)
    home = client.get("/t/dalian/").text
    assert "审批请假" in home and "周局长" in home  # 待办 on the home page
    token = csrf_of(home)
    assert client.post(f"/t/dalian/leave/{leave.id}/approve", data={"csrf_token": token, "version": str(leave.version),
                                                                   "note": "同意"}).status_code == 200
    with db.read() as session:
        assert session.get(LeaveRequest, leave.id).state == "approved"


def test_org_chart_and_quick_reference(client, make_org):
    make_org("wuhai-hainan-2023")
    log_in(client, "wuhai-hainan.head", PASSWORD)
    chart = client.get("/t/wuhai-hainan/org").text
    assert "补位" in chart and "分管：" in chart and "区财政局" in chart
    reference = client.get("/t/wuhai-hainan/rules").text
    assert 'href="/rules/wuhai-hainan-2023:9"' in reference and "补位副职" in reference
    assert "沿用默认规则" in reference
    article = client.get("/rules/wuhai-hainan-2023:9")
    assert article.status_code == 200 and "工作补位制" in article.text
    assert client.get("/rules/wuhai-hainan-2023:999").status_code == 404



def test_the_office_sees_what_is_on_file_and_what_is_owed(client, clock, make_org):
    org = make_org("dalian-2014")
    post = org.post("dep1")
    leave = org.run("dep1", "leave.request", lambda uow: service.request_leave(
        uow, post_id=post.id, occasion="out_of_area", starts_at=TEST_NOW + timedelta(hours=1),
        ends_at=TEST_NOW + timedelta(days=1)))
    assert leave.office_report == "before_and_after"
    org.run("head", "leave.approve", lambda uow: service.decide_leave(
        uow, leave_id=leave.id, approve=True, expected_version=leave.version))
    log_in(client, "dalian.office", PASSWORD)
    home = client.get("/t/dalian/").text
    assert "请销假报备" in home and "王副市长" in home and "待销假" not in home
    # The leave is over and 王副市长 has not reported back: 大连 第五十四条 asks for the report after.
    clock.set(TEST_NOW + timedelta(days=2))
    log_in(client, "dalian.office", PASSWORD)
    owed = client.get("/t/dalian/").text
    assert "待销假并事后报告备案" in owed and "第五十四条" in owed


def test_the_head_assigns_another_deputy_when_approving(client, make_org):
    org = make_org("xishi-2024")
    leave = org.run("dep1", "leave.request", lambda uow: service.request_leave(
        uow, post_id=org.post("dep1").id, occasion="out_of_area", starts_at=TEST_NOW + timedelta(hours=1),
        ends_at=TEST_NOW + timedelta(days=1)))
    log_in(client, "xishi.head", PASSWORD)
    page = client.get("/t/xishi/leave").text
    assert "改由 陈副区长 代行" in page  # 第五条: 特殊情况下由区长安排其他副区长
    client.post(f"/t/xishi/leave/{leave.id}/approve", data={
        "csrf_token": csrf_of(page), "version": str(leave.version), "designated_post_id": str(org.post("dep3").id)})
    acting = org.acting(TEST_NOW + timedelta(hours=2))["王副区长"]
    assert (acting["acting"], acting["via"]) == ("陈副区长", "designated_deputy")
