"""PDF through LibreOffice: real conversions, looked at as text and as a picture of page 1.

Conversions cost seconds each, so one test converts all three samples at once (which is also
the test that concurrent conversions don't trip over each other's LibreOffice profile).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from support import missing

from zhengwu.printing.docx_render import render_document_docx, render_minutes_docx
from zhengwu.printing.pdf import PdfUnavailable, fontconfig_xml, soffice_path, to_pdf


@pytest.fixture(scope="module")
def soffice() -> str:
    path = soffice_path()
    if path is None or not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        missing("LibreOffice", "LibreOffice (soffice) 或 poppler-utils 未安装，跳过 PDF 转换测试", "ZHENGWU_REQUIRE_BROWSER")
    return path


def pdf_text(pdf: bytes, tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         check=True, text=True).stdout
    return "".join(out.split())


def page_one_pixels(pdf_path) -> tuple[int, int, bytes]:
    """Page 1 as raw RGB (a PPM from pdftoppm), to look for the red header in code."""
    ppm = subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", str(pdf_path)],
                         capture_output=True, check=True).stdout
    magic, width, height, maxval, data = ppm.split(maxsplit=4)
    assert magic == b"P6" and maxval == b"255"
    return int(width), int(height), data


def red_rows(width: int, height: int, data: bytes) -> list[int]:
    rows = []
    for y in range(height):
        row = data[y * width * 3 : (y + 1) * width * 3]
        if any(row[i] > 200 and row[i + 1] < 80 and row[i + 2] < 80 for i in range(0, len(row), 3)):
            rows.append(y)
    return rows


def test_documents_and_minutes_convert_concurrently_and_look_official(
    soffice, upward_request, notice_with_attachments, executive_minutes, artifacts_dir, tmp_path
):
    samples = {
        "request": (render_document_docx(upward_request), "农村公路养护补助资金的请示"),
        "notice": (render_document_docx(notice_with_attachments), "安全生产工作要点的通知"),
        "minutes": (render_minutes_docx(executive_minutes), "常务会议纪要"),
    }
    with ThreadPoolExecutor(max_workers=3) as pool:
        pdfs = dict(zip(samples, pool.map(to_pdf, [docx for docx, _ in samples.values()]), strict=True))

    for name, (docx, title) in samples.items():
        pdf = pdfs[name]
        assert pdf.startswith(b"%PDF-")
        (artifacts_dir / f"{name}.docx").write_bytes(docx)
        pdf_path = artifacts_dir / f"{name}.pdf"
        pdf_path.write_bytes(pdf)
        assert title in pdf_text(pdf, tmp_path, name)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf_path),
                        str(artifacts_dir / name)], check=True)
        png = next(artifacts_dir.glob(f"{name}-*1.png"))
        assert png.read_bytes().startswith(b"\x89PNG")

        # Red appears in the header (the mark and the rule) and nowhere lower on the page.
        width, height, data = page_one_pixels(pdf_path)
        rows = red_rows(width, height, data)
        assert rows, f"{name}: 第1页没有红色版头"
        assert max(rows) < height / 2, f"{name}: 红色出现在版头以下"
        # The red rule is a row of red as wide as the type area (156 of 210 mm).
        widest = max(
            sum(1 for i in range(0, width * 3, 3)
                if data[y * width * 3 + i] > 200 and data[y * width * 3 + i + 1] < 80)
            for y in rows
        )
        assert widest >= width * 150 / 210

    request_text = pdf_text(pdfs["request"], tmp_path, "request")
    assert "签发人：王志刚" in request_text
    assert "签发人" not in pdf_text(pdfs["notice"], tmp_path, "notice")
    notice_text = pdf_text(pdfs["notice"], tmp_path, "notice")
    assert notice_text.index("（此件公开发布）") < notice_text.index("抄送：")


def test_missing_soffice_raises_pdf_unavailable_in_chinese(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert soffice_path() is None
    with pytest.raises(PdfUnavailable, match="未安装 LibreOffice"):
        to_pdf(b"not reached")


def test_fontconfig_maps_the_standards_faces_to_installed_cjk_fonts(tmp_path):
    if not shutil.which("fc-match"):
        missing("fontconfig", "fontconfig 的 fc-match 未安装", "ZHENGWU_REQUIRE_BROWSER")
    conf = tmp_path / "fonts.conf"
    conf.write_text(fontconfig_xml(), encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))

    def match(face: str) -> tuple[str, str]:
        out = subprocess.run(["fc-match", "-f", "%{family[0]}|%{weight}", f"{face}:lang=zh-cn"],
                             env=env, capture_output=True, text=True, check=True).stdout
        family, weight = out.split("|")
        return family, weight

    body, body_weight = match("仿宋_GB2312")
    title, title_weight = match("方正小标宋简体")
    heading, _ = match("黑体")
    if "CJK" not in body and "仿宋" not in body and "FangSong" not in body:
        missing("a CJK font", f"本机没有中文字体可供替换（得到 {body}）", "ZHENGWU_REQUIRE_BROWSER")
    # The body falls back to a serif, the 黑体 headings to a sans, the title to a bolder cut.
    assert "Sans" not in body
    assert "Sans" in heading or "黑" in heading or "Hei" in heading
    assert int(title_weight) > int(body_weight)
    # 楷体: LXGW WenKai (Debian fonts-lxgw-wenkai), full-size with Chinese punctuation, before
    # AR PL UKai, whose ideographs run small and whose punctuation is centred (Taiwan style).
    kai, _ = match("楷体_GB2312")
    installed = subprocess.run(["fc-list", "LXGW WenKai"], capture_output=True, text=True).stdout.strip()
    if not installed:
        missing("fonts-lxgw-wenkai", "fonts-lxgw-wenkai 未安装，楷体将退回 AR PL UKai", "ZHENGWU_REQUIRE_BROWSER")
    assert kai == "LXGW WenKai"
