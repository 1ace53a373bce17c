"""发文稿纸 and 收文处理笺 as the office files them: every opinion recorded on the document,
in the order given — 拟稿, 核稿, 会签, 签发 for an outgoing one; 批办, 批示, 办理结果 for an
incoming one — printed as .docx (and through LibreOffice as PDF, kept as a picture)."""

from __future__ import annotations

import io
import shutil
import subprocess

from docx import Document as Docx

from documents_support import at, seen_document
from support import missing
from zhengwu.documents import countersigning, drafting, intake, issuing, reading, signing
from zhengwu.documents.models import CountersignRequest
from zhengwu.printing.docx_render import render_form_docx
from zhengwu.documents.forms import form_of
from zhengwu.printing.pdf import PdfUnavailable, to_pdf


def _cells(data: bytes) -> list[str]:
    table = Docx(io.BytesIO(data)).tables[0]
    return ["\n".join(p.text for p in row.cells[1].paragraphs) for row in table.rows]


def _labels(data: bytes) -> list[str]:
    return [row.cells[0].text for row in Docx(io.BytesIO(data)).tables[0].rows]


def test_the_draft_form_lists_drafting_review_countersign_and_signing_in_order(make_office, artifacts_dir, tmp_path):
    office = make_office("xishi-2024")
    doc = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="office", doc_type="notice", title="关于做好春季森林防火工作的通知",
        body="春季是森林火灾易发期，各单位要压实责任。", main_recipients="各街道办事处，区政府各部门",
        department_id=office.department("zrj"), touches_department_ids=(office.department("czj"),)))
    office.run("office", "document.countersign_open", lambda uow: countersigning.open_countersign(
        uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), department_ids=[office.department("czj")], mode="parallel"))
    request = office.read(lambda s, t: countersigning.current_round(s, doc.id))[0]
    office.run("czj", "document.countersign_answer", lambda uow: countersigning.answer_countersign(
        uow, request_id=request.id, expected_version=seen_document(uow, request.id, CountersignRequest), outcome="agree", opinion="经费由区财政统筹。"), now=at(0, 2))
    office.run("office", "document.countersign_close", lambda uow: countersigning.close_countersign(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)), now=at(1))
    office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)), now=at(1))
    office.run("dep1", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="review", opinion="拟同意。"), now=at(1))
    office.run("exec", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="countersign", opinion="同意。"), now=at(2))
    office.run("exec", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off", opinion="发。"), now=at(2))
    issued = office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)), now=at(3))

    form = office.read(lambda s, t: form_of(s, t, issued))
    assert form.heading == "发文稿纸" and form.office == "营口市西市区人民政府办公室"
    # The form's order (拟稿, 核稿, 会签, 签发), whatever day each was given.
    assert [o.step for o in form.opinions] == ["拟稿", "核稿", "会签", "会签", "签发"]
    department, leader = (o for o in form.opinions if o.step == "会签")
    assert "财政局" in department.who and "经费由区财政统筹。" in department.text  # departments first
    assert leader.who.startswith(office.user("exec").display_name) and leader.text == "同意。"
    assert next(o for o in form.opinions if o.step == "签发").text == "发。"

    data = render_form_docx(form)
    labels = _labels(data)
    assert labels[:3] == ["标题", "文种", "发文字号"] and labels[-1] == "签发"
    assert labels.index("核稿") < labels.index("签发") and "拟稿" in labels
    cells = _cells(data)
    assert cells[2] == "营西政办发〔2024〕1号"
    assert "发。" in cells[-1] and "2024年3月6日" in cells[-1]  # the signer's opinion, signed and dated
    _keep_picture(data, "form-draft", artifacts_dir, tmp_path)


def test_the_incoming_form_lists_routing_instruction_and_result_in_order(make_office, artifacts_dir, tmp_path):
    office = make_office("xishi-2024")
    request = office.run("zjj", "document.submit", lambda uow: intake.submit_incoming(
        uow, department_id=office.department("zjj"), doc_type="request", title="关于老旧小区改造项目资金的请示",
        body="我局拟对3个老旧小区实施改造。\n妥否，请批示。", decision_needed_by=at(40).date()))
    office.run("office", "document.route", lambda uow: intake.route(uow, doc_id=request.id, expected_version=seen_document(uow, request.id)))
    office.run("dep1", "document.instruct", lambda uow: intake.instruct(
        uow, doc_id=request.id, expected_version=seen_document(uow, request.id), opinion="agree", text="同意，请办公室拟文批复。"), now=at(0, 3))
    office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="reply", title="关于老旧小区改造项目资金的批复",
        body="经研究，同意所请。", main_recipients="区住房和城乡建设局", reply_to_id=request.id), now=at(1))

    form = office.read(lambda s, t: form_of(s, t, office.read(lambda s2, t2: reading.get_document(s2, t2, request.id, None, at(2)))))
    assert form.heading == "收文处理笺"
    assert [o.step for o in form.opinions] == ["批办", "批示", "办理结果"]
    routing, instruction, result = form.opinions
    assert office.user("dep1").display_name in routing.text
    assert instruction.who == office.user("dep1").display_name and instruction.text == "同意，请办公室拟文批复。"  # said once (issue 15)
    assert "关于老旧小区改造项目资金的批复" in result.text and "办理中" in result.text
    data = render_form_docx(form)
    assert _labels(data)[0] == "来文单位" and _labels(data)[-3:] == ["批办", "批示", "办理结果"]
    assert "住房和城乡建设局" in _cells(data)[0]
    _keep_picture(data, "form-incoming", artifacts_dir, tmp_path)


def _keep_picture(data: bytes, name: str, artifacts_dir, tmp_path) -> None:
    if not shutil.which("pdftoppm"):
        return
    try:
        pdf = to_pdf(data)
    except PdfUnavailable as exc:
        missing("LibreOffice", str(exc), "ZHENGWU_REQUIRE_BROWSER")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(path),
                    str(artifacts_dir / name)], check=True)
