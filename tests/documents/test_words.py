"""Search by the documents' words index (issue 18): the index terms of a text and a word (pure),
the same documents as the LIKE over every row it replaced — words of one to four characters,
digits, ASCII of either case, in a title, body or number, after a revision and after an issue
gives the number — on SQLite and PostgreSQL, and a rare word found through the index, not a scan."""

from __future__ import annotations

from sqlalchemy import event, or_, select, text

from documents_support import at, issued_normative_notice, seen_document
from zhengwu.core.paging import Page, keyset
from zhengwu.documents import drafting, reading
from zhengwu.documents.grams import grams, word_grams
from zhengwu.documents.models import Document
from zhengwu.rulebook.search import tokenize
from zhengwu.scale import grow


def test_grams_are_each_character_and_adjacent_pair_lower_cased():
    assert grams("物业A", None, "2号") == ["2", "2号", "a", "业", "业a", "号", "物", "物业"]


def test_no_pair_spans_two_fields_or_punctuation():
    assert "a号" not in grams("物业A", "号")
    assert grams("〔2024〕", "a，b c") == ["0", "02", "2", "20", "24", "4", "a", "b", "c"]


def test_a_word_needs_its_pairs_or_its_characters():
    assert word_grams("物业服务") == ["业服", "服务", "物业"]
    assert word_grams("Ab") == ["ab"] and word_grams("物") == ["物"]
    assert word_grams("〔2号") == ["2号"] and word_grams("〔2〕号") == ["2", "号"] and word_grams("a，b") == ["a", "b"]


def test_a_word_the_index_cannot_find_is_left_to_the_like():
    assert word_grams("〔〕") == [] and word_grams("。") == []
    # A LIKE wildcard or escape matched more than the word itself.
    for word in ("5%", "a_b", "a\\b"):
        assert word_grams(word) == []


def test_a_words_terms_are_terms_of_every_text_it_occurs_in():
    text_ = "关于（2024）ABC系统、第4321项的通知"
    for i in range(len(text_)):
        for j in range(i + 1, len(text_) + 1):
            assert set(word_grams(text_[i:j])) <= set(grams(text_)), text_[i:j]


def _like_search(session, tenant, query, user_id, now, *, after=None, limit=None):
    """The search as it was before the index: every word a LIKE over every readable document."""
    words = [w for w in tokenize(query) if w.strip()]
    if not words:
        return Page([], None, None)
    matches = select(Document).where(Document.tenant_id == tenant.id, reading._readable(session, tenant, user_id, now), *[
        or_(Document.title.contains(w), Document.body.contains(w), Document.doc_number.contains(w)) for w in words])
    return keyset(session, matches, Document.id, after=after, limit=limit, count=False)


def _every_page(search, session, tenant, query, user_id, now) -> list[int]:
    found, after = [], None
    while True:
        page = search(session, tenant, query, user_id, now, after=after, limit=2)
        found += [doc.id for doc in page.rows]
        if page.next_after is None:
            return found
        after = page.next_after


CORPUS = [
    ("关于加强物业管理的通知", "物业服务企业应当依法经营。"),
    ("关于做好ABC系统上线工作的通知", "请于2024年3月15日前完成abc系统的测试。"),
    ("关于第4321项工作的请示", "现将第4321项工作的有关情况报告如下。"),
    ("关于春季植树的通知", "各单位要组织干部职工参加义务植树，绿化美化环境。"),
    ("关于召开安全生产会议的通知", "定于下周一召开全区安全生产工作会议，ABC 分会场同步。"),
    ("关于拨付农村公路养护资金的请示", "我区现有农村公路486.3公里，亟需养护维修。"),
]
QUERIES = ["物业", "物", "物业服务", "物业服务企业", "abc", "ABC系统", "Abc", "2024", "4321", "第4321项", "植树",
           "绿化美化", "公路 养护", "通知", "发〔2024〕", "〔", "号", "请示 4321", "海南", "收费", "明码标价", "不存在的词", "3", "。"]


def test_index_search_finds_what_the_like_found(make_office):
    office = make_office("wuhai-hainan-2023")
    zjj = office.department("zjj")
    for title, body in CORPUS:
        office.run("zjj", "document.draft", lambda uow, title=title, body=body: drafting.create_draft(
            uow, issuer="government", doc_type="notice", department_id=zjj, title=title, body=body))
    # The number (海政发〔…〕N号) is given at the issue; the revision changes a title.
    issued = issued_normative_notice(office)
    revised = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=zjj, title="关于旧标题的通知", body="正文。"))
    office.run("office", "document.revise", lambda uow: drafting.revise(
        uow, doc_id=revised.id, expected_version=seen_document(uow, revised.id), title="关于新标题物业收费的通知", body="正文。"))
    user = office.user("office").id

    def both(query):
        return office.read(lambda s, t: (_every_page(reading.search, s, t, query, user, at(3)),
                                         _every_page(_like_search, s, t, query, user, at(3))))

    for query in QUERIES:
        found, expected = both(query)
        assert found == expected, query
    assert both("旧标题") == ([], [])
    assert both("新标题")[0] == [revised.id]
    assert issued.doc_number and both(issued.doc_number)[0] == [issued.id]  # the number the issue gave
    assert len(both("物业")[0]) >= 3 and both("abc")[0]  # the corpus is searched at all


def _statements(db, run) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []
    listener = lambda conn, cursor, statement, parameters, context, many: seen.append((statement, parameters))  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return [(s, p) for s, p in seen if "doc_words" in s]


def test_a_rare_word_is_found_through_the_index(db, make_office, unaudited_writes):
    office = make_office("dawa-2017")
    grow(db, "dawa", 2000)  # grown documents are indexed as they are loaded
    user = office.user("office").id
    found: list = []
    searched = _statements(db, lambda: found.extend(office.read(
        lambda s, t: [d.title for d in reading.search(s, t, "第1234项", user, at()).rows])))
    assert "关于第1234项工作的通知" in found and len(found) < 5  # (…第1542项… is 政发〔2024〕1234号)
    [(statement, parameters)] = searched
    with db.engine.connect() as connection:
        if db.is_postgres:
            # The grown rows wait in the GIN index's pending list, which the planner prices as read
            # in full, until a vacuum merges them (autovacuum does, long before a year is written).
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE doc_words")
            plan = "\n".join(connection.exec_driver_sql("EXPLAIN " + statement, parameters).scalars())
            assert "ix_doc_words_grams" in plan, plan
        else:
            plan = "\n".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
            assert "doc_words VIRTUAL TABLE INDEX" in plan and "SCAN doc_documents" not in plan, plan


def test_the_migration_indexes_the_documents_there_are(db, make_office):
    office = make_office("wuhai-hainan-2023")
    issued = issued_normative_notice(office)
    from zhengwu.documents import words

    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM doc_words"))
        assert words.backfill(connection, batch=1) >= 1
    assert office.read(lambda s, t: [d.id for d in reading.search(s, t, "明码标价", None, at(3)).rows]) == [issued.id]


def test_a_deleted_document_leaves_the_index(db, make_office, unaudited_writes):
    office = make_office("wuhai-hainan-2023")
    doc = office.run("zjj", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="notice", department_id=office.department("zjj"), title="关于删除的通知", body="正文。"))
    key = "rowid" if not db.is_postgres else "document_id"
    indexed = text(f"SELECT count(*) FROM doc_words WHERE {key} = :id")
    with db.read() as session:
        assert session.execute(indexed, {"id": doc.id}).scalar() == 1
    with db.write() as session:
        session.execute(text("DELETE FROM doc_versions WHERE document_id = :id"), {"id": doc.id})
        session.delete(session.get(Document, doc.id))
    with db.read() as session:
        assert session.execute(indexed, {"id": doc.id}).scalar() == 0
