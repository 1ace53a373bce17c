"""Notices on their channels: in-app, e-mail through a real SMTP server, a group robot and a
person's robot through a real webhook receiver; each person's and each government's choices;
a mail server that is down fails nobody's action and gets the message when it is back; two
deliverers never send one message twice."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import func, select

from documents_support import at, seen_document
from support import TEST_NOW
from zhengwu.calendar import FixedClock
from zhengwu.core.db import Database, make_engine
from zhengwu.documents import intake
from zhengwu.notices import delivery
from zhengwu.notices import service as notices
from zhengwu.notices.models import Notice, OutboxMessage

from notices.conftest import Mailbox, free_port

TITLE = "关于老旧小区改造项目资金的请示"


def configure(office, *, port: int, robots=(), email=True, webhook=True, inapp=True):
    office.run("office", "notice.settings", lambda uow: notices.save_settings(
        uow, inapp=inapp, email=email, webhook=webhook, smtp_host="127.0.0.1", smtp_port=port,
        smtp_sender="notice@dawa.gov.cn", smtp_starttls=False, smtp_username="", smtp_password=None,
        robot_urls=list(robots), expected_version=notices.channel_settings(uow.session, uow.tenant_id).version))


def choose(office, who: str, **chosen):
    values = {"inapp": True, "email": False, "webhook": False, "email_address": "", "webhook_url": ""} | chosen
    office.run(who, "notice.preferences", lambda uow: notices.save_preferences(
        uow, **values, expected_version=notices.preference(uow.session, uow.tenant_id, uow.actor.user_id).version))


def submit(office, title: str = TITLE, now=None):
    zjj = office.department("zjj")
    return office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=zjj, doc_type="request", title=title, body="妥否，请批示。",
        decision_needed_by=at(40).date()), now=now)


def notices_of(office, who: str) -> list[Notice]:
    with office.db.read() as session:
        return list(session.execute(select(Notice).where(Notice.user_id == office.user(who).id)
                                    .order_by(Notice.id)).scalars())


def outbox(office) -> list[OutboxMessage]:
    with office.db.read() as session:
        return list(session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def test_a_request_sent_to_the_office_reaches_it_in_app_by_mail_and_by_robot(make_office, mailbox, robot):
    office = make_office("dawa-2017")
    configure(office, port=mailbox.port, robots=[f"{robot.url}/group"])
    choose(office, "office", email=True, email_address="office@dawa.gov.cn", webhook=True,
           webhook_url=f"{robot.url}/director")
    doc = submit(office)

    # In-app, at once, in the submitting transaction: the whole office (director, deputy, clerk).
    mine = notices_of(office, "office")
    assert [(n.kind, n.what, n.title, n.link) for n in mine] == [
        ("arrived", "请示待初审登记", TITLE, f"documents/{doc.id}")]
    assert notices_of(office, "sun") and not notices_of(office, "zjj")  # the sender is not told of its own step

    assert delivery.deliver_due(office.db, FixedClock(TEST_NOW)) == ["sent", "sent", "sent"]
    [mail] = mailbox.messages
    link = f"http://127.0.0.1:8000/t/dawa/documents/{doc.id}"
    assert mail["Subject"] == f"【待办】请示待初审登记：{TITLE}"
    assert mailbox.recipients == [["office@dawa.gov.cn"]]
    text = mail.get_content()
    assert link in text and "依据《党政机关公文处理工作条例》第二十四条第（三）项" in text
    # The robots get the text-message shape: the person's own, and the group's naming whom it is for.
    by_path = dict(zip(robot.paths, robot.posts, strict=True))
    assert by_path["/director"]["msgtype"] == "text" and link in by_path["/director"]["text"]["content"]
    assert by_path["/group"]["text"]["content"].startswith("致：政府办公室\n【待办】请示待初审登记：")


def test_a_return_tells_the_sender_why_and_on_which_article(make_office, mailbox):
    office = make_office("dawa-2017")
    configure(office, port=mailbox.port, webhook=False)
    choose(office, "zjj", email=True, email_address="zjj@dawa.gov.cn")
    doc = submit(office)
    office.run("office", "document.return", lambda uow: intake.return_document(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), reasons=["请补充资金测算依据"]))
    [returned] = [n for n in notices_of(office, "zjj") if n.kind == "returned"]
    assert returned.subject == f"【退回】请示被退回：{TITLE}"
    assert "退回理由：请补充资金测算依据" in returned.body

    delivery.deliver_due(office.db, FixedClock(TEST_NOW))
    [mail] = mailbox.messages
    assert mail["Subject"] == f"【退回】请示被退回：{TITLE}"
    assert "依据《党政机关公文处理工作条例》第二十四条第（三）项" in mail.get_content()


def test_each_person_and_each_government_chooses_the_channels(make_office, mailbox, robot):
    office = make_office("dawa-2017")
    configure(office, port=mailbox.port, webhook=False)  # the government has no robot channel
    choose(office, "office", inapp=False, email=True, email_address="office@dawa.gov.cn",
           webhook=True, webhook_url=f"{robot.url}/director")
    choose(office, "sun", email=False, email_address="sun@dawa.gov.cn")
    submit(office)
    assert notices_of(office, "office") == []  # turned the in-app notices off
    assert len(notices_of(office, "sun")) == 1  # in-app only
    assert [(m.channel, m.target) for m in outbox(office)] == [("email", "office@dawa.gov.cn")]

    # The government turns e-mail off: nobody's choice sends mail any more.
    configure(office, port=mailbox.port, email=False, webhook=False)
    submit(office, title="关于第二个项目的请示")
    assert len(outbox(office)) == 1
    delivery.deliver_due(office.db, FixedClock(TEST_NOW))
    assert len(mailbox.messages) == 1 and robot.posts == []


def test_a_mail_server_that_is_down_fails_no_action_and_gets_the_mail_when_back(make_office):
    office = make_office("dawa-2017")
    port = free_port()  # nothing listens there yet
    configure(office, port=port, webhook=False)
    choose(office, "office", email=True, email_address="office@dawa.gov.cn")
    doc = submit(office)
    assert doc.state == "submitted"  # the step itself is done and committed

    clock = FixedClock(TEST_NOW)
    assert delivery.deliver_due(office.db, clock) == ["pending"]
    [row] = outbox(office)
    assert row.attempts == 1 and "Connection refused" in row.last_error
    assert row.next_attempt_at == TEST_NOW + timedelta(minutes=1)
    assert delivery.deliver_due(office.db, clock) == []  # not before its next try

    box = Mailbox(port).start()
    try:
        clock.advance(timedelta(minutes=1))
        assert delivery.deliver_due(office.db, clock) == ["sent"]
        assert delivery.deliver_due(office.db, clock) == []
    finally:
        box.stop()
    assert [m["Subject"] for m in box.messages] == [f"【待办】请示待初审登记：{TITLE}"]
    [row] = outbox(office)
    assert (row.state, row.last_error, row.sent_at) == ("sent", None, clock.now())


def test_a_message_that_keeps_failing_is_given_up_with_its_last_error(make_office):
    office = make_office("dawa-2017")
    configure(office, port=free_port(), webhook=False)
    choose(office, "office", email=True, email_address="office@dawa.gov.cn")
    submit(office)
    clock = FixedClock(TEST_NOW)
    for _ in range(delivery.MAX_ATTEMPTS):
        delivery.deliver_due(office.db, clock)
        clock.advance(timedelta(hours=1))
    [row] = outbox(office)
    assert (row.state, row.attempts) == ("failed", delivery.MAX_ATTEMPTS) and row.last_error
    assert delivery.deliver_due(office.db, clock) == []


def test_two_deliverers_send_each_message_exactly_once(make_office, mailbox):
    office = make_office("dawa-2017")
    configure(office, port=mailbox.port, webhook=False)
    for who in ("office", "sun"):
        choose(office, who, email=True, email_address=f"{who}@dawa.gov.cn")
    for n in range(15):
        submit(office, title=f"关于第{n}个项目的请示")
    with office.db.read() as session:
        queued = session.execute(select(func.count()).select_from(OutboxMessage)).scalar_one()
    assert queued >= 30

    clock = FixedClock(TEST_NOW)
    start = threading.Barrier(2)

    def work():
        start.wait()
        delivery.deliver_due(office.db, clock)

    workers = [threading.Thread(target=work) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    ids = [m["Message-ID"] for m in mailbox.messages]
    assert len(ids) == queued and len(set(ids)) == queued
    assert {m.state for m in outbox(office)} == {"sent"}


def test_a_choice_saved_by_another_process_is_heard_at_the_next_step(make_office):
    """A process keeps the government's channels and each person's choices with the org, under
    its stamp. Another process (its own engine, its own kept copies) saving a choice redraws the
    stamp, so this process's next step reads the new choice."""
    office = make_office("dawa-2017")
    submit(office)
    assert len(notices_of(office, "sun")) == 1  # in-app, the default: kept by this process now
    elsewhere = replace(office, db=Database(make_engine(office.db.engine.url.render_as_string(hide_password=False))))
    try:
        choose(elsewhere, "sun", inapp=False)
    finally:
        elsewhere.db.dispose()
    submit(office, title="关于第二个项目的请示")
    assert len(notices_of(office, "sun")) == 1  # the second request told sun nothing in-app
