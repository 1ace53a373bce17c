"""A batch's writes go out together at its flush, and what its steps read is still right.

A read names the rows it depends on (`core.db.reading`); with `of` it depends on one document's
rows only, so another document's unwritten rows are left for the one flush — and its own are
written first. Settings read once a transaction (`kept_for_transaction`) are read again once the
transaction writes them. The notices domain reads its channels that way: a change made earlier in
the same transaction decides the notices of the steps after it."""

from __future__ import annotations

from sqlalchemy import select

from documents_support import at
from zhengwu.core.db import kept_for_transaction, reading, unwritten
from zhengwu.documents import drafting
from zhengwu.documents.models import Document, DocumentVersion
from zhengwu.notices import service as notices
from zhengwu.notices.models import ChannelSettings, Notice


def _two_drafts(office):
    zjj = office.department("zjj")
    return [office.run("office", "document.draft", lambda uow, title=title: drafting.create_draft(
        uow, issuer="office", doc_type="notice", title=title, body="", main_recipients="各区市县政府",
        department_id=zjj)).id for title in ("甲", "乙")]


def _version(uow, doc_id, no):
    return DocumentVersion(tenant_id=uow.tenant_id, document_id=doc_id, no=no, title="稿", body="", note="",
                           author_id=None, created_at=at())


def test_a_read_of_one_documents_rows_leaves_anothers_unwritten_and_writes_its_own(make_office):
    office = make_office("dalian-2014")
    first, second = _two_drafts(office)

    def use_case(uow):
        session = uow.session
        other = _version(uow, second, 2)
        session.add(other)
        with reading(session, DocumentVersion, of=("document_id", (first,))):
            assert session.execute(select(DocumentVersion.no).where(DocumentVersion.document_id == first)).scalars().all() == [1]
        assert other in session.new, "another document's row waits for the one flush"
        own = _version(uow, first, 2)
        session.add(own)
        with reading(session, DocumentVersion, of=("document_id", (first,))):
            assert session.execute(select(DocumentVersion.no).where(DocumentVersion.document_id == first)
                                   .order_by(DocumentVersion.no)).scalars().all() == [1, 2]
        assert not session.new, "its own row is written before it is read"
        uow.record("document.revise", object_type="document", object_id=first)

    office.run("office", "document.revise", use_case)


def test_unwritten_sees_rows_touched_after_it_was_first_asked(make_office):
    office = make_office("dalian-2014")
    first, _ = _two_drafts(office)

    def use_case(uow):
        session = uow.session
        doc = session.get_one(Document, first)
        assert unwritten(session, (Document,)) == []
        doc.title = "改"
        assert unwritten(session, (Document,)) == [doc]
        assert unwritten(session, (Document,), changed=False) == [], "changed, not new or deleted"
        assert unwritten(session, (DocumentVersion,)) == []
        session.flush()
        assert unwritten(session, (Document,)) == [], "written by the flush"
        version = session.execute(select(DocumentVersion).where(DocumentVersion.document_id == first)).scalar_one()
        version.note = "改"
        assert unwritten(session, (DocumentVersion,)) == [version]
        session.delete(version)
        assert unwritten(session, (DocumentVersion,), changed=False) == [version], "changed, then deleted"
        uow.record("document.revise", object_type="document", object_id=first, subject=doc)

    office.run("office", "document.revise", use_case)


def test_a_kept_read_is_read_again_once_the_transaction_writes_its_rows(make_office):
    office = make_office("dalian-2014")
    reads = []

    def count(session):
        reads.append(1)
        return session.execute(select(ChannelSettings.inapp)).scalars().all()

    def use_case(uow):
        session = uow.session
        assert kept_for_transaction(session, "k", (ChannelSettings,), lambda: count(session)) == []
        assert kept_for_transaction(session, "k", (ChannelSettings,), lambda: count(session)) == []
        assert len(reads) == 1, "kept for the transaction"
        row = notices.channel_settings(session, uow.tenant_id)
        row.updated_at = uow.now
        session.add(row)
        assert kept_for_transaction(session, "k", (ChannelSettings,), lambda: count(session)) == [True]
        assert len(reads) == 2, "an unwritten row of its kind: read again, after writing it"
        session.get_one(ChannelSettings, session.execute(select(ChannelSettings.id)).scalar_one()).inapp = False
        session.flush()
        assert kept_for_transaction(session, "k", (ChannelSettings,), lambda: count(session)) == [False]
        assert len(reads) == 3, "written by a flush since: read again"
        uow.record("notice.settings", object_type="notice_settings", object_id=1)

    office.run("office", "notice.settings", use_case)


def test_channels_turned_off_earlier_in_a_transaction_decide_its_later_notices(make_office):
    office = make_office("dalian-2014")
    zjj = office.department("zjj")

    def use_case(uow):
        drafting.create_draft(uow, issuer="office", doc_type="notice", title="甲", body="",
                              main_recipients="各区市县政府", department_id=zjj)
        notices.on_event(uow, _arrived(uow, zjj))  # told in the app, as the defaults say
        notices.save_settings(uow, inapp=False, email=False, webhook=False, smtp_host="", smtp_port=25,
                              smtp_sender="", smtp_starttls=False, smtp_username="", smtp_password=None,
                              robot_urls=[], expected_version=None)
        notices.on_event(uow, _arrived(uow, zjj))  # in-app notices now off: nobody is told

    office.run("office", "notice.settings", use_case)
    with office.db.read() as session:
        assert session.execute(select(Notice.id).where(Notice.tenant_id == office.tenant.id,
                                                       Notice.title == "甲")).scalars().all() != []
        assert len(session.execute(select(Notice.id).where(Notice.tenant_id == office.tenant.id,
                                                           Notice.title == "甲")).scalars().all()) == 1


def _arrived(uow, department_id):
    from zhengwu.core.notify_events import To, WorkArrived

    return WorkArrived(tenant_id=uow.tenant_id, to=To(units=(department_id,)), what="会签请求", title="甲",
                       link="documents/1", cite=None, object_type="document", object_id="1")
