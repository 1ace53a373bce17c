"""Files in Chromium (大洼): the department drafts a 代拟稿, attaches a PDF on the document page
through the upload form, sees it listed with size, uploader and hash, and downloads it; the
downloaded bytes are the uploaded ones. At 390 px the files section does not scroll sideways."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest


sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import files_support as make  # noqa: E402
from browser_support import login

pytestmark = pytest.mark.browser


def test_attachment_uploaded_on_the_document_page_and_downloaded(page, screenshot, tmp_path):
    login(page, "dawa.zjj")
    page.goto("/t/dawa/documents")
    page.fill("#draft-title", "关于规范住宅专项维修资金使用的通知")
    page.fill("#draft-body", "各街道办事处：\n为规范住宅专项维修资金使用，现就有关事项通知如下。")
    page.click("#submit-proxy-draft")
    page.wait_for_url("**/t/dawa/documents/*")
    doc_url = page.url

    attachment = tmp_path / "维修资金使用明细.pdf"
    attachment.write_bytes(make.pdf("维修资金使用明细"))
    page.set_input_files("#upload-attachment", str(attachment))
    assert page.locator("#files-attachment .file-chosen").inner_text() == "维修资金使用明细.pdf"
    page.click("#files-attachment button[type=submit]")
    page.wait_for_url(f"{doc_url}#files-attachment")
    row = page.locator("#files-attachment .file-row").first
    text = row.inner_text()
    assert "维修资金使用明细.pdf" in text and "字节" in text
    assert hashlib.sha256(attachment.read_bytes()).hexdigest()[:12] in text
    screenshot(page, "1-attachment-listed")

    with page.expect_download() as waiting:
        row.locator("a.file-download").click()
    download = waiting.value
    assert download.suggested_filename == "维修资金使用明细.pdf"
    assert Path(download.path()).read_bytes() == attachment.read_bytes()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(doc_url + "#files")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#files").screenshot(path=str(screenshot(page, "2-files-at-390").with_name("files-panel-390.png")))
