"""Small real files of each accepted kind, made here (no fixtures on disk), and broken ones."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def pdf(text: str = "扫描件") -> bytes:
    body = b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj"
    return b"%PDF-1.4\n" + body + b"\n% " + text.encode() + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def docx(text: str = "关于加强物业管理的通知") -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def ofd() -> bytes:
    root = (b'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" '
            b'Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
            b'</ofd:DocBody></ofd:OFD>')
    return _zip({"OFD.xml": root, "Doc_0/Document.xml": b'<?xml version="1.0"?><ofd:Document xmlns:ofd="x"/>'})


def fake_docx() -> bytes:
    """A ZIP that names word/document.xml but is no Word package python-docx can open."""
    return _zip({"word/document.xml": b"this is not xml", "readme.txt": b"x"})


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32 + b"\xff\xd9"


def tiff() -> bytes:
    return b"II*\x00\x08\x00\x00\x00" + b"\x00\x00"


def exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program cannot be run in DOS mode."
