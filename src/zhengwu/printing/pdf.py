"""Convert a rendered .docx to PDF with LibreOffice headless, where LibreOffice is installed.

Each conversion gets its own temporary directory and LibreOffice user profile, so concurrent
conversions (several web workers) never share a profile lock. The GB/T 9704 fonts are not on a
Linux server; a fontconfig file written per conversion names the substitutes explicitly
(a real 仿宋/楷体 when one is installed; LXGW WenKai for 楷体; else Noto CJK), so the PDF keeps
the faces' roles: serif body, bold serif titles, sans-serif 黑体 headings, a full-size 楷体.
`to_pdfs` converts several files in one LibreOffice start.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

# The family each GB/T 9704 face falls back to, best first, and whether to take its bold cut
# (方正小标宋 is a heavy Song face; Noto Serif CJK Bold is the nearest on a plain server).
FONT_SUBSTITUTES: dict[str, tuple[tuple[str, ...], bool]] = {
    "仿宋_GB2312": (("仿宋", "FangSong", "Zhuque Fangsong (technical preview)", "Noto Serif CJK SC"), False),
    "仿宋": (("FangSong", "Zhuque Fangsong (technical preview)", "Noto Serif CJK SC"), False),
    "方正小标宋简体": (("方正小标宋_GBK", "Noto Serif CJK SC"), True),
    "楷体_GB2312": (("楷体", "KaiTi", "LXGW WenKai", "AR PL UKai CN", "Noto Serif CJK SC"), False),
    "楷体": (("KaiTi", "LXGW WenKai", "AR PL UKai CN", "Noto Serif CJK SC"), False),
    "黑体": (("SimHei", "Noto Sans CJK SC"), False),
    "宋体": (("SimSun", "Noto Serif CJK SC"), False),
}

CONVERT_TIMEOUT_S = 120


class PdfUnavailable(RuntimeError):
    """PDF cannot be produced here; the caller offers the .docx alone."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def fontconfig_xml(system_config: str = "/etc/fonts/fonts.conf") -> str:
    """A fontconfig file: the substitutes above, then the system's own configuration."""
    rules = []
    for face, (fallbacks, bold) in FONT_SUBSTITUTES.items():
        families = "".join(f"<string>{name}</string>" for name in fallbacks)
        weight = '<edit name="weight" mode="assign"><const>bold</const></edit>' if bold else ""
        rules.append(
            '<match target="pattern"><test name="family" compare="eq">'
            f"<string>{face}</string></test>"
            f'<edit name="family" mode="prepend" binding="strong">{families}</edit>'
            f"{weight}</match>"
        )
    include = f'<include ignore_missing="yes">{system_config}</include>'
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        + include + "\n" + "\n".join(rules) + "\n</fontconfig>\n"
    )


def to_pdf(docx_bytes: bytes) -> bytes:
    """The PDF of a .docx, via `soffice --headless --convert-to pdf`."""
    return to_pdfs([docx_bytes])[0]


def to_pdfs(documents: list[bytes]) -> list[bytes]:
    """The PDFs of several .docx files in one LibreOffice start (the start costs seconds)."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable("本机未安装 LibreOffice（soffice），无法生成 PDF，请下载 .docx 文件。")
    with tempfile.TemporaryDirectory(prefix="zhengwu-pdf-") as tmp:
        work = Path(tmp)
        sources = []
        for n, data in enumerate(documents):
            source = work / f"document-{n}.docx"
            source.write_bytes(data)
            sources.append(source)
        fonts_conf = work / "fonts.conf"
        fonts_conf.write_text(fontconfig_xml(), encoding="utf-8")
        env = dict(os.environ, FONTCONFIG_FILE=str(fonts_conf), HOME=str(work))
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *map(str, sources),
        ]
        timeout = CONVERT_TIMEOUT_S + 10 * (len(documents) - 1)
        try:
            result = subprocess.run(command, env=env, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfUnavailable(
                f"LibreOffice 转换 PDF 超时（{timeout} 秒），请下载 .docx 文件。"
            ) from exc
        targets = [source.with_suffix(".pdf") for source in sources]
        if result.returncode != 0 or not all(t.exists() for t in targets):
            detail = result.stderr.decode("utf-8", "replace").strip()[:300]
            raise PdfUnavailable(f"LibreOffice 未能生成 PDF（{detail or '无输出'}），请下载 .docx 文件。")
        return [target.read_bytes() for target in targets]
