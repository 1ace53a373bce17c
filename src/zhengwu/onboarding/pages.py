"""The operator's onboarding pages: upload a rules text, read it with its repairs, draft a
profile, review each proposed value beside its article (采纳 / 更正 / 不采纳, with who decided),
see every problem the check finds, adopt the profile for tenants. Platform operator only."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData, UploadFile

from zhengwu.core.errors import InvalidInput, ZhengwuError
from zhengwu.onboarding import store
from zhengwu.onboarding.present import key_label, problem_line, show_value
from zhengwu.rulebook import sources
from zhengwu.rulebook.cite import describe
from zhengwu.rulebook.numerals import to_chinese
from zhengwu.web.context import CheckedForm, PageContext, PageCtx

router = APIRouter(include_in_schema=False)
BASE = "/platform/onboarding"
MAX_UPLOAD = 5 * 1024 * 1024


@router.get(BASE)
def index(ctx: PageContext = PageCtx):
    ctx.authorize(store.ONBOARD, None)
    with ctx.db.read() as session:
        store.ensure_loaded(session)
        texts = store.list_texts(session)
        drafts = {d.text_id: d for d in store.list_drafts(session)}
    return ctx.render("onboarding/index.html", texts=texts, drafts=drafts)


@router.post(BASE + "/texts")
async def upload(ctx: PageContext = PageCtx, form: FormData = CheckedForm):
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ZhengwuError("请选择规则文本文件（.txt 或 .docx）。", code="validation_error")
    data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise ZhengwuError("文件超过 5 MB，请检查是否选错了文件。", code="validation_error")
    with ctx.unit_of_work("onboarding.add_text") as uow:
        text_id = store.next_text_id(uow.session)
        store.add_text(uow, text_id=text_id, filename=upload.filename, data=data)
    return RedirectResponse(f"{BASE}/texts/{text_id}", status_code=303)


@router.get(BASE + "/texts/{text_id}")
def text_page(text_id: str, ctx: PageContext = PageCtx):
    ctx.authorize(store.ONBOARD, None)
    with ctx.db.read() as session:
        store.ensure_loaded(session)
        row = store.get_text(session, text_id)
        existing = next((d for d in store.list_drafts(session) if d.text_id == text_id), None)
    rulebook = sources.load(text_id)
    return ctx.render("onboarding/text.html", row=row, rulebook=rulebook, draft=existing, cn=to_chinese)


@router.post(BASE + "/texts/{text_id}/draft")
def make_draft(text_id: str, ctx: PageContext = PageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("onboarding.draft") as uow:
        row = store.create_draft(uow, text_id=text_id, name=str(form.get("name", "")))
        draft_id = row.id
    return RedirectResponse(f"{BASE}/drafts/{draft_id}", status_code=303)


def _review(ctx: PageContext, draft_id: int, *, error: str | None = None, status_code: int = 200):
    with ctx.db.read() as session:
        store.ensure_loaded(session)
        row = store.get_draft(session, draft_id)
        decisions = store.decisions_of(session, draft_id)
        _, problems, text_problems = store.check(row, decisions)
    rulebook = sources.load(row.text_id)
    proposals = store.proposals_of(row)
    titles = {p.key.split(".")[1]: p.value for p in proposals if p.key.startswith("posts.")}
    # Each value beside the article it cites; a value resting on a national law beside that law's article.
    by_article: dict[tuple, list] = {}
    for p in proposals:
        book, _, ref = p.cite.rpartition(":")
        by_article.setdefault((book or row.text_id, int(ref.split(".")[0])), []).append(p)
    articles = []
    for (book, no), items in sorted(by_article.items(), key=lambda kv: (kv[0][0] != row.text_id, kv[0])):
        article = sources.load(book).article(no)
        heading = f"第{to_chinese(no)}条" if book == row.text_id else describe(article.id)
        articles.append((article.no, heading, article.text, items))
    undecided = sum(1 for p in proposals if p.key not in decisions)
    return ctx.render(
        "onboarding/review.html", row=row, rulebook=rulebook, articles=articles, decisions=decisions,
        label=lambda key: key_label(key, titles), show=lambda value: show_value(value, titles),
        inherited=[key_label(k, titles) for k in row.inherited], problems=[problem_line(p, titles) for p in problems], text_problems=text_problems,
        undecided=undecided, choices=store.DECISIONS, cn=to_chinese, error=error, status_code=status_code,
        text_problem_keys={p.key for p in text_problems if not p.overridden_by})


@router.get(BASE + "/drafts/{draft_id}")
def review(draft_id: int, ctx: PageContext = PageCtx):
    ctx.authorize(store.ONBOARD, None)
    return _review(ctx, draft_id)


def _version(form: FormData) -> int:
    """The version of the draft the page showed, sent back by its forms: a change made since is
    refused as stale; a form without it is from no page of ours (or an outdated one)."""
    value = str(form.get("version", "")).strip()
    if not value.isdigit() or len(value) > 9:
        raise InvalidInput("表单缺少「所见版本」，无法确认您看到的是最新内容：请刷新页面后重试。")
    return int(value)


@router.post(BASE + "/drafts/{draft_id}/decide")
def decide(draft_id: int, ctx: PageContext = PageCtx, form: FormData = CheckedForm):
    key = str(form.get("key", ""))
    with ctx.unit_of_work("onboarding.decide") as uow:
        store.decide(uow, draft_id=draft_id, key=key, decision=str(form.get("decision", "")),
                     value_text=str(form.get("value", "")), reason=str(form.get("reason", "")),
                     expected_version=_version(form))
    anchor = key.replace(".", "-")
    return RedirectResponse(f"{BASE}/drafts/{draft_id}#v-{anchor}", status_code=303)


@router.post(BASE + "/drafts/{draft_id}/adopt")
def adopt(draft_id: int, ctx: PageContext = PageCtx, form: FormData = CheckedForm):
    with ctx.unit_of_work("onboarding.adopt") as uow:
        store.adopt(uow, draft_id=draft_id, expected_version=_version(form))
    return RedirectResponse(f"{BASE}/drafts/{draft_id}?adopted=1", status_code=303)
