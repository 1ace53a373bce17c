"""Profile keys and values in Chinese for the review page (never their code names)."""

from __future__ import annotations

import re
from typing import Any

from zhengwu.org.reference import SEGMENTS, fact_value
from zhengwu.rulebook import labels

_MORE = {"declared_posts": "其他职务", "reply_workdays": "会签答复时限（工作日）",
         "silence_means_consent": "逾期未复视为同意", "countersign": "会签",
         "publish_within_workdays": "主动公开时限（工作日）", "text_overrides": "保留理由"}


def _row_labels() -> dict[str, str]:
    """Signing rows are named by the default's labels (「向党委报送的重要文件」)."""
    from zhengwu.rulebook.profile import DEFAULT_ID, load_profile

    documents = load_profile(DEFAULT_ID).documents
    signing = documents.signing if documents else None
    return {row.name: row.label for row in signing.rows} if signing else {}


def key_label(key: str, titles: dict[str, str]) -> str:
    """「会议 · 常务会议 · 纪要签发」 for `meetings.executive.minutes_signer`; an exception reads
    「… · 例外」 and a declared post by its title."""
    parts = key.split(".")
    if "rows" in parts and parts.index("rows") + 1 < len(parts):
        at = parts.index("rows")
        parts = parts[:at] + [_row_labels().get(parts[at + 1], "签发规则")] + parts[at + 2:]
    if "exceptions" in parts:
        parts = parts[: parts.index("exceptions") + 1]
    words = []
    for part in parts:
        if part in _MORE:
            words.append(_MORE[part])
        elif part in SEGMENTS:
            words.append(SEGMENTS[part])
        elif part in titles:
            words.append(labels.post(part, titles))
        elif parts[0] == "declared_posts" or not re.match(r"^[a-z_0-9]+$", part):
            # A declared post is named by its value; a row label is already Chinese.
            if not re.match(r"^[a-z_0-9]+$", part):
                words.append(part)
        else:
            words.append(labels.word(part, titles))
    return " · ".join(w for w in words if w)


def show_value(value: Any, titles: dict[str, str]) -> str:
    if isinstance(value, dict) and "title" in value:
        duties = "；".join(value.get("duties") or [])
        return value["title"] + (f"（职责：{duties}）" if duties else "")
    return fact_value(value, titles)


_CODE = re.compile(r"[a-z][a-z_0-9]*(?:\.[a-z_0-9]+)*")


def problem_line(line: str, titles: dict[str, str]) -> str:
    """A loader problem (「x.yaml：meetings.types：…head_office…」) with its file name dropped
    and every code in Chinese, for the page."""
    parts = line.split("：", 1)
    text = parts[1] if len(parts) == 2 and parts[0].endswith(".yaml") else line
    return _CODE.sub(lambda m: key_label(m.group(0), titles) if "." in m.group(0) else labels.word(m.group(0), titles), text)
