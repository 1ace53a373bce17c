"""What a file is, told by its content — never by its name or the Content-Type the browser
sent — and whether its name may be kept. Pure: bytes in, a type or a Chinese refusal naming the
file and what is wrong with it.

- PDF: `%PDF-` at the start and `%%EOF` near the end (a cut-off upload has none);
- OFD (GB/T 33190): a ZIP whose root holds OFD.xml;
- DOCX: a ZIP holding word/document.xml that python-docx opens;
- PNG (and its IEND chunk), JPEG (SOI … EOI), TIFF (II*\\0 / MM\\0*).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import NoReturn

from zhengwu.core.verdict import RuleViolation, Verdict


@dataclass(frozen=True)
class FileType:
    label: str
    suffixes: tuple[str, ...]
    media_type: str


TYPES: dict[str, FileType] = {
    "pdf": FileType("PDF 文件", (".pdf",), "application/pdf"),
    "ofd": FileType("OFD 版式文件", (".ofd",), "application/ofd"),
    "docx": FileType("Word 文档（.docx）", (".docx",),
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "png": FileType("PNG 图片", (".png",), "image/png"),
    "jpeg": FileType("JPEG 图片", (".jpg", ".jpeg"), "image/jpeg"),
    "tiff": FileType("TIFF 图片", (".tif", ".tiff"), "image/tiff"),
}

MAX_NAME = 120  # characters: room for a long 公文 title and its suffix; columns hold 200
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_UNPACKED = 500 * 1024 * 1024  # a DOCX or OFD that unpacks past this is a zip bomb, not a 公文


def _refuse(code: str, message: str) -> NoReturn:
    raise RuleViolation(Verdict.refused(code, message))


def clean_name(raw: str) -> str:
    """The name as uploaded, if it can be kept as it is; else a refusal saying why."""
    name = (raw or "").strip()
    if not name:
        _refuse("files.no_name", "上传的文件没有文件名，请选择文件后重试。")
    shown = "".join("?" if unicodedata.category(c) in ("Cc", "Cf", "Cs") else c for c in name)[:60]
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in name):
        _refuse("files.bad_name", f"文件名「{shown}」含有控制字符，请改名后重新上传。")
    if "/" in name or "\\" in name:
        _refuse("files.bad_name", f"文件名「{shown}」含有路径分隔符（/ 或 \\），请只用文件本身的名称。")
    if len(name) > MAX_NAME:
        _refuse("files.bad_name", f"文件名过长（{len(name)} 个字符），不能超过 {MAX_NAME} 个字符，请改短后重新上传。")
    if name.strip(".") == "":
        _refuse("files.bad_name", f"文件名「{name}」不是有效的文件名。")
    return name


def _zip_type(name: str, data: bytes) -> str:
    broken = f"「{name}」已损坏：压缩结构不完整，无法读取（可能上传中断或文件被截断）。"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_ZIP_UNPACKED:
            _refuse("files.zip_bomb", f"「{name}」解压后过大，不是正常的 Word 文档或 OFD 文件。")
        bad = archive.testzip()
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError):
        _refuse("files.corrupt", broken)
    if bad is not None:
        _refuse("files.corrupt", broken)
    names = set(archive.namelist())
    if "OFD.xml" in names:
        try:
            root = ET.fromstring(archive.read("OFD.xml"))
        except ET.ParseError:
            _refuse("files.corrupt", f"「{name}」不是有效的 OFD 文件：OFD.xml 无法解析。")
        if not root.tag.endswith("OFD"):
            _refuse("files.corrupt", f"「{name}」不是有效的 OFD 文件：OFD.xml 的根元素不是 OFD。")
        return "ofd"
    if "word/document.xml" in names:
        import docx

        try:
            docx.Document(io.BytesIO(data))
        except Exception:  # python-docx raises many kinds for a damaged package
            _refuse("files.corrupt", f"「{name}」不是有效的 Word 文档：文档内容无法打开，可能已损坏或并非 Word 生成。")
        return "docx"
    if any(n.startswith(("xl/", "ppt/")) for n in names):
        _refuse("files.bad_type", f"「{name}」是 Excel 或 PowerPoint 文件，这里只接受 PDF、OFD、Word 文档（.docx）和图片。")
    _refuse("files.bad_type", f"「{name}」是一个压缩包，不是 Word 文档（.docx）或 OFD 文件。")


def identify(name: str, data: bytes) -> str:
    """The type (a key of TYPES) of `data`, or a refusal naming the file and what is wrong."""
    if not data:
        _refuse("files.empty", f"「{name}」是空文件（0 字节）。")
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            _refuse("files.corrupt", f"「{name}」不完整：缺少 PDF 文件结尾标记，可能上传中断或文件已损坏。")
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_type(name, data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        if b"IEND" not in data[-16:]:
            _refuse("files.corrupt", f"「{name}」不完整：PNG 图片缺少结尾数据块，可能上传中断。")
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        if b"\xff\xd9" not in data[-1024:]:
            _refuse("files.corrupt", f"「{name}」不完整：JPEG 图片缺少结尾标记，可能上传中断。")
        return "jpeg"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if data.startswith(b"MZ") or data.startswith(b"\x7fELF") or data[:4] in (b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf"):
        _refuse("files.executable", f"「{name}」是可执行程序，不是文档或图片，不能上传。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        _refuse("files.bad_type", f"「{name}」是旧版 Office 文件（.doc/.xls），请另存为 Word 文档（.docx）或 PDF 后上传。")
    _refuse("files.bad_type", f"「{name}」的内容无法识别：不是 PDF、OFD、Word 文档（.docx）或 PNG、JPEG、TIFF 图片。")


def check(name: str, data: bytes, accepted: tuple[str, ...], what: str) -> str:
    """The file's type, once it is one `accepted` for `what` (正文, 附件 …) and its name's suffix
    says the same (so whoever downloads it opens it with the right program)."""
    found = identify(name, data)
    if found not in accepted:
        kinds = "、".join(TYPES[t].label for t in accepted)
        _refuse("files.type_not_accepted", f"「{name}」是{TYPES[found].label}，{what}只接受{kinds}。")
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in TYPES[found].suffixes:
        expected = "或".join(TYPES[found].suffixes)
        said = f"后缀为 {suffix}" if suffix else "没有后缀"
        _refuse("files.suffix_mismatch", f"「{name}」的内容是{TYPES[found].label}，但文件名{said}；请改为 {expected} 后上传。")
    return found
