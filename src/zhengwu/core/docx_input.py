"""A .docx from outside, checked before python-docx opens it.

A .docx is a zip of XML parts. A small file can expand to gigabytes (a zip bomb: 2.5 MB became
1 GB and a MemoryError after 78 s), and an XML part can nest elements a hundred thousand deep, which
lxml walks recursively. So the archive's declared sizes are checked first (nothing is inflated
for that), then every XML part is streamed through lxml's event parser with a depth count and
entities off; malformed XML becomes one Chinese sentence naming the part and line instead of an
lxml traceback.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

MAX_UNCOMPRESSED = 50 * 1024 * 1024  # a 500-page rules text with images is well under this
MAX_PART = 20 * 1024 * 1024
MAX_RATIO = 100  # text compresses about 10:1; far beyond that is a bomb
MAX_DEPTH = 200  # Word nests tables in tables, but not this deep
MAX_PARTS = 2000


class DocxRejected(ValueError):
    pass


def check_docx(path: Path, *, max_uncompressed: int = MAX_UNCOMPRESSED, max_depth: int = MAX_DEPTH) -> None:
    """Raise DocxRejected (in Chinese) unless the .docx at `path` is safe to open."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DocxRejected(f"文件「{path.name}」不是有效的 .docx 文档（{exc.__class__.__name__}）") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_PARTS:
            raise DocxRejected(f"文件「{path.name}」含 {len(entries)} 个部件，超过上限 {MAX_PARTS}，拒绝读取。")
        total = sum(entry.file_size for entry in entries)
        if total > max_uncompressed:
            raise DocxRejected(f"文件「{path.name}」解压后达 {total // (1024 * 1024)} MB，超过上限 "
                               f"{max_uncompressed // (1024 * 1024)} MB，拒绝读取（可能是压缩炸弹）。")
        for entry in entries:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > MAX_PART or (entry.file_size > 1024 * 1024 and ratio > MAX_RATIO):
                raise DocxRejected(f"文件「{path.name}」的部件 {entry.filename} 解压后过大"
                                   f"（{entry.file_size // 1024} KB，压缩比 {ratio:.0f}:1），拒绝读取。")
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")):
                _check_xml(archive, entry, path.name, max_depth)


def _check_xml(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str, max_depth: int) -> None:
    depth = 0
    with archive.open(entry) as stream:
        # Reading stops at the declared size: a forged header cannot make it inflate more.
        parser = etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True,
                                 huge_tree=False, load_dtd=False)
        try:
            for event, _element in parser:
                if event == "start":
                    depth += 1
                    if depth > max_depth:
                        raise DocxRejected(f"文件「{name}」的部件 {entry.filename} 元素嵌套超过 {max_depth} 层，拒绝读取。")
                else:
                    depth -= 1
                    _element.clear()
        except etree.XMLSyntaxError as exc:
            if "depth" in str(exc).lower():  # libxml2's own limit (256) may come before our count
                raise DocxRejected(f"文件「{name}」的部件 {entry.filename} 元素嵌套超过 {max_depth} 层，拒绝读取。") from None
            line = getattr(exc, "lineno", None) or (exc.position[0] if getattr(exc, "position", None) else "?")
            raise DocxRejected(f"文件「{name}」的部件 {entry.filename} 不是格式正确的 XML（第 {line} 行附近）："
                               f"文档已损坏，请用 Word 或 WPS 重新保存后再试。") from None
        except zipfile.BadZipFile as exc:
            raise DocxRejected(f"文件「{name}」已损坏（{exc}）。") from None
