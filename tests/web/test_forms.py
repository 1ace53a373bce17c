"""Issue 15, point 5: a refused form keeps the page (navigation included), what was typed, one
message with the article once and who may do it instead; every free-text field has a length
limit named in Chinese."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from zhengwu import demo
from zhengwu.core import text as edge
from zhengwu.documents.models import Document

from support import TEST_NOW, csrf_of, log_in

TYPED = re.compile(r'<script type="application/json" id="typed-values">(.*?)</script>', re.S)


@pytest.fixture
def seeded(client, db):
    demo.seed_demo(db, TEST_NOW)
    return client


def _documents(db) -> int:
    with db.read() as session:
        return session.execute(select(func.count()).select_from(Document)).scalar_one()


def test_a_4218_character_title_is_refused_naming_the_field_and_the_page_keeps_what_was_typed(seeded, db):
    log_in(seeded, "dawa.czj", demo.DEMO_PASSWORD)
    page = seeded.get("/t/dawa/documents")
    before = _documents(db)
    body = "请求拨付老旧小区改造资金。\n妥否，请批示。"
    refused = seeded.post("/t/dawa/documents/incoming", headers={"referer": "http://testserver/t/dawa/documents"},
                          data={"csrf_token": csrf_of(page.text), "doc_type": "request", "title": "关" * 4218,
                                "body": body})
    assert refused.status_code == 422
    assert "「标题」过长（最多 200 字，实为 4218 字）" in refused.text
    assert 'class="mainnav"' in refused.text and "退出登录" in refused.text  # the frame is kept
    typed = json.loads(TYPED.search(refused.text).group(1))
    assert typed["action"] == "/t/dawa/documents/incoming"
    assert ["body", body] in typed["values"] and not any(k == "csrf_token" for k, _ in typed["values"])
    assert _documents(db) == before


def test_the_limits_are_the_same_in_request_models_and_forms():
    assert edge.limit_of("title") == 200 and edge.limit_of("description") == 5000
    assert edge.limit_of("body") == edge.MAX_TEXT  # only a document's or a 纪要's body may be long


def test_a_50000_character_public_request_is_refused_naming_the_field(seeded, db):
    # 50,000 Latin letters fit the portal's 64 KB body limit (50,000 Chinese characters do not: 413),
    # so it is the field's own limit that refuses it.
    application = {"applicant": "王五", "identity_type": "resident_id", "identity_number": "21010219800101123X",
                   "contact": "wangwu@example.cn", "description": "a" * 50_000, "medium": "electronic",
                   "delivery": "email"}
    api = seeded.post("/api/public/dawa/requests", json=application)
    assert api.status_code == 422 and "「所需信息的描述」" in api.json()["message"] and "5000" in api.json()["message"]
    portal = seeded.get("/public/dawa")
    form = seeded.post("/public/dawa/requests", data={"csrf_token": csrf_of(portal.text), **application})
    assert form.status_code == 422 and "「所需信息的描述」过长（最多 5000 字，实为 50000 字）" in form.text
    assert 'value="王五"' in form.text  # the applicant's other answers stay in the form


def test_a_refusal_says_who_may_do_it_and_cites_the_article_once(seeded):
    log_in(seeded, "dawa.czj", demo.DEMO_PASSWORD)
    home = seeded.get("/t/dawa/")
    refused = seeded.post("/t/dawa/disclosure/requests", headers={"referer": "http://testserver/t/dawa/"},
                          data={"csrf_token": csrf_of(home.text), "applicant": "李四", "channel": "in_person",
                                "on": TEST_NOW.date().isoformat()})
    assert refused.status_code == 403
    alert = re.search(r'<section class="alert alert-error refusal".*?</section>', refused.text, re.S).group()
    assert "可由政府办公室办理" in alert and alert.count("依据") <= 1
    assert 'class="mainnav"' in refused.text


def test_a_refusal_without_a_page_to_return_to_keeps_the_frame(seeded):
    log_in(seeded, "dawa.czj", demo.DEMO_PASSWORD)
    missing = seeded.get("/t/dawa/documents/999999")
    assert missing.status_code == 404 and 'class="mainnav"' in missing.text and "Not Found" not in missing.text
