"""The issued document as printed: the .docx of a document issued through the services has the
GB/T 9704 elements in order, and page 1 (LibreOffice → PDF → PNG) is kept as an artifact."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from support import missing
from docx import Document as Docx
from docx.oxml.ns import qn

from documents_support import at, seen_document
from zhengwu.documents import chain, drafting, issuing, printed, signing
from zhengwu.printing.pdf import PdfUnavailable, to_pdf


def _issued_office_notice(office):
    doc = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="office", doc_type="notice", title="关于做好春季森林防火工作的通知",
        body="一、提高认识\n春季是森林火灾易发期，各单位要压实责任。\n二、加强巡查\n（一）严格野外用火管理。",
        main_recipients="各街道办事处，区政府各部门", copy_to=("区委办公室", "区人大常委会办公室"),
        department_id=office.department("zrj")))
    office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    office.run("dep1", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="review"))
    office.run("exec", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"), now=at(1))
    return office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)), now=at(2))


@pytest.mark.parametrize("profile_id", ["xishi-2024"])
def test_issued_docx_has_the_elements_in_order(make_office, profile_id, artifacts_dir, tmp_path, database_url):
    office = make_office(profile_id)
    issued = _issued_office_notice(office)
    data = office.read(lambda s, t: printed.render_docx(s, t, issued))
    # Every paragraph in document order, those in the imprint's text box included.
    body = Docx(io.BytesIO(data)).element.body
    flow = [text for p in body.iter(qn("w:p")) if (text := "".join(t.text or "" for t in p.iter(qn("w:t"))).strip())]
    expected = [
        "营口市西市区人民政府办公室文件",  # 红头
        "营西政办发〔2024〕1号",  # 发文字号
        "关于做好春季森林防火工作的通知",  # 标题
        "各街道办事处，区政府各部门：",  # 主送
        "一、提高认识",  # 正文
        "营口市西市区人民政府办公室",  # 署名
        "2024年3月5日",  # 成文日期 = 签发日
        "（经区政府同意）",  # 附注 (西市 33)
        "抄送：区委办公室，区人大常委会办公室。",  # 版记
        "2024年3月6日印发",
    ]
    position = -1
    for item in expected:  # each element after the one before it
        found = next((i for i, t in enumerate(flow) if i > position and item in t.replace(" ", "").replace("\u3000", "")), None)
        assert found is not None, (item, flow)
        position = found
    assert not any("签发人" in t for t in flow)  # a 通知 is not an upward document

    if not database_url.startswith("sqlite") or not shutil.which("pdftoppm"):
        return  # one picture is enough
    (artifacts_dir / "issued-notice.docx").write_bytes(data)
    try:
        pdf = to_pdf(data)
    except PdfUnavailable as exc:
        missing("LibreOffice", str(exc), "ZHENGWU_REQUIRE_BROWSER")
    pdf_path = tmp_path / "issued.pdf"
    pdf_path.write_bytes(pdf)
    (artifacts_dir / "issued-notice.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf_path),
                    str(artifacts_dir / "issued-notice-page1")], check=True)
    assert (artifacts_dir / "issued-notice-page1.png").stat().st_size > 0


def test_wolong_issues_a_request_end_to_end_on_the_inherited_rows(make_office, artifacts_dir):
    """卧龙's text stops before any document chapter: the 请示 goes the default's way (分管副区长
    审核, 区长签发, each step marked inherited), is numbered with its 机关代字 and prints."""
    office = make_office("wolong-2018")
    doc = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="government", doc_type="request", title="南阳市卧龙区人民政府关于申请设立南阳卧龙国际物流园区的请示",
        body="为加快现代物流业发展，拟设立南阳卧龙国际物流园区。\n妥否，请批示。", main_recipients="南阳市人民政府",
        department_id=office.department("zrj")))
    office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    with office.db.read() as session:
        steps = chain.chain_steps(session.get(type(doc), doc.id))
    assert [(s.kind, s.post) for s in steps] == [("review", "oversight_deputy"), ("sign_off", "head")]
    assert all(s.inherited_from == "default" for s in steps)  # marked: 卧龙's text is silent
    office.run("dep1", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="review"))
    office.run("head", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"), now=at(1))
    issued = office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)), now=at(2))
    assert issued.state == "issued" and issued.doc_number == "宛龙政〔2024〕1号"
    data = office.read(lambda s, t: printed.render_docx(s, t, issued))
    flow = [t.text for t in Docx(io.BytesIO(data)).element.body.iter(qn("w:t"))]
    text = "".join(flow)
    assert "南阳市卧龙区人民政府文件" in text and "宛龙政〔2024〕1号" in text and "签发人：" in text
    (artifacts_dir / "wolong-request.docx").write_bytes(data)


def test_a_classified_document_prints_the_copy_number_asked_for_7_2_1(make_office):
    """份号 is the number of each printed copy of a classified document, not always 000001."""
    office = make_office("xishi-2024")
    doc = office.run("office", "document.draft", lambda uow: drafting.create_draft(
        uow, issuer="office", doc_type="notice", title="关于做好防汛物资储备工作的通知", classification="secret",
        classification_term="1年", body="各单位要做好防汛物资储备。", main_recipients="各街道办事处",
        department_id=office.department("zrj")))
    office.run("office", "document.send_for_signing", lambda uow: signing.send_for_signing(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)))
    office.run("dep1", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="review"))
    office.run("exec", "document.step", lambda uow: signing.take_step(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id), kind="sign_off"), now=at(1))
    issued = office.run("office", "document.issue", lambda uow: issuing.issue(uow, doc_id=doc.id, expected_version=seen_document(uow, doc.id)), now=at(2))

    def first_line(copy):
        data = office.read(lambda s, t: printed.render_docx(s, t, issued, copy))
        return next(p.text for p in Docx(io.BytesIO(data)).paragraphs if p.text.strip())

    assert first_line(None) == "000001"
    assert first_line(37) == "000037"
