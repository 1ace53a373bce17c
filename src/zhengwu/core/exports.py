"""Text on its way into an .xlsx cell or a .docx run: made safe once, for data already stored.

Text checked at the edge (core.text) cannot carry control characters any more, but rows written
before that check — or by the command line — still may, and one U+000B makes openpyxl and lxml
refuse the whole file. So every writer passes its text through here: control characters other
than tab and line break are dropped, and a cell that a spreadsheet would run as a formula
(「=HYPERLINK(…)」, and the other OWASP formula prefixes + - @) is kept as text by a leading
apostrophe.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls but tab and line breaks, DEL, C1 controls, lone surrogates, and the two noncharacters
# XML 1.0 forbids: none can be written into OOXML.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
FORMULA_PREFIXES = ("=", "+", "-", "@")


def clean(text: str) -> str:
    """The text without the characters a Word or Excel file cannot hold."""
    return _UNWRITABLE.sub("", text)


def run_text(text: str) -> str:
    """Text for a .docx run (tabs and line breaks are the renderer's own)."""
    return clean(text)


def cell_value(value: Any) -> Any:
    """A value for an .xlsx cell: text cleaned and never a formula; numbers and dates as they are."""
    if not isinstance(value, str):
        return value
    value = clean(value)
    if value.startswith(FORMULA_PREFIXES) and len(value) > 1:
        return "'" + value
    return value
