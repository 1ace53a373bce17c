"""The terms of a document's words index, and the terms a query word needs (pure: no database).

Search keeps its meaning, "every word occurs in the title, body or number" as a substring, which
the LIKE it ran before still checks on the rows the index yields; the index only finds those rows
without reading every document. A document's terms are its characters and its pairs of adjacent
characters (lower-cased); a word needs its pairs, or a one-character word itself, and every text
the word occurs in has them. A text may have them apart (物业 and 业务 are not 物业务): the LIKE
drops those few rows.

Only letters and digits of ASCII and the CJK ideographs make terms, so that each term is one
token of SQLite's FTS5 (its unicode61 tokenizer splits at punctuation and spaces) and a word's
terms are always a subset of its text's; a word without any is left to the LIKE alone."""

from __future__ import annotations

import re

_TERM = re.compile(r"[0-9a-z\u4e00-\u9fff]+")
# A word with a LIKE wildcard or escape matched more than itself under the LIKE; the index can
# not tell which rows it matched, so such a word is left to the LIKE alone.
_LIKE_SPECIAL = re.compile(r"[%_\\]")


def _runs(text: str) -> list[str]:
    return _TERM.findall(text.lower())


def grams(*texts: str | None) -> list[str]:
    """A document's terms, from its title, body and number: each character and adjacent pair."""
    found: set[str] = set()
    for run in (run for text in texts if text for run in _runs(text)):
        found.update(run)
        found.update(run[i:i + 2] for i in range(len(run) - 1))
    return sorted(found)


def word_grams(word: str) -> list[str]:
    """The terms every text containing `word` has: its pairs, or its characters where it has no
    pair (one character, or each apart from the next by punctuation); none if only the LIKE can
    find it."""
    if _LIKE_SPECIAL.search(word):
        return []
    runs = _runs(word)
    pairs = {run[i:i + 2] for run in runs for i in range(len(run) - 1)}
    return sorted(pairs or {c for run in runs for c in run})
