"""The text a document's words index holds, and the index terms a query word needs (pure: no
database). Search keeps its meaning, "every word occurs in the title, body or number" (a
substring, which the LIKE it ran before checks again on the rows the index yields); the index
only finds those rows without reading every document.

SQLite's FTS5 holds each character as a token (`spaced`) and finds a word as the phrase of its
characters (`phrase`), consecutive positions being a substring. PostgreSQL's GIN holds the set of
each document's characters and character pairs (`grams`), a word needing all of its pairs (one
character: itself), which every document containing the word has. Both find a few rows the word
is not in (FTS5 skips punctuation between characters; a document may hold the pairs apart), and
the LIKE drops those."""

from __future__ import annotations

import re

# A word with a LIKE wildcard or escape matched more than itself under the LIKE; the index can
# not tell which rows it matched, so such a word is left to the LIKE alone.
_LIKE_SPECIAL = re.compile(r"[%_\\]")
# Characters FTS5's unicode61 tokenizer surely keeps as tokens; a phrase whose characters it all
# drops (punctuation) would match nothing, so a word needs one of these to become a phrase.
_TOKEN = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")


def spaced(*texts: str | None) -> str:
    """The FTS5 text of a document's fields: every character a token of its own, lower-cased."""
    return "\n".join(" ".join(text.lower()) for text in texts if text)


def phrase(word: str) -> str | None:
    """The FTS5 phrase finding the rows that may contain `word`, or None if only the LIKE can."""
    if _LIKE_SPECIAL.search(word) or not _TOKEN.search(word):
        return None
    return '"' + " ".join(word.lower()).replace('"', '""') + '"'


def grams(*texts: str | None) -> list[str]:
    """The PostgreSQL index terms of a document's fields: each character and pair, lower-cased."""
    found: set[str] = set()
    for text in texts:
        if text:
            lowered = text.lower()
            found.update(lowered)
            found.update(lowered[i:i + 2] for i in range(len(lowered) - 1))
    return sorted(found)


def word_grams(word: str) -> list[str] | None:
    """The terms every document containing `word` has (its pairs; a character itself), or None
    if only the LIKE can find it."""
    if not word or _LIKE_SPECIAL.search(word):
        return None
    lowered = word.lower()
    return [lowered] if len(lowered) == 1 else sorted({lowered[i:i + 2] for i in range(len(lowered) - 1)})
