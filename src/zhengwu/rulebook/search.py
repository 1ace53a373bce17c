"""Full-text search over articles: jieba word segmentation, BM25 ranking, and the matching
sentence as snippet, so a clerk sees at once why an article came up."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from zhengwu.rulebook.articles import Article, Rulebook, RulebookError
from zhengwu.rulebook.sources import known_ids, load

# Terms of government work jieba's general dictionary splits; kept whole they rank sharply.
_VOCABULARY = (
    "会签", "签发", "核批", "呈批", "审签", "批示件", "代拟稿", "纪要", "议题", "列席",
    "常设列席单位", "常务会议", "全体会议", "党组会议", "专题会议", "业务会议", "区长办公会议",
    "市长办公会议", "请销假", "补位", "AB角", "工作日", "合法性审查", "公平竞争审查",
    "规范性文件", "重大行政决策", "督查", "督办", "台账", "政务公开", "依申请公开",
)
_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_K1 = 1.5
_B = 0.75
_SNIPPET_MAX = 120


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    snippet: str

    def as_dict(self) -> dict:
        return {"id": self.id, "score": round(self.score, 4), "snippet": self.snippet}


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    # jieba announces its dictionary loading through its logger; CLI output stays clean.
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for word in _VOCABULARY:
        jieba.add_word(word)
    return jieba


def tokenize(text: str) -> list[str]:
    """Search-mode segmentation (「会议纪要」 yields 会议, 纪要, 会议纪要), words only."""
    return [token for token in _jieba().lcut_for_search(text)
            if re.search(r"[\w\u4e00-\u9fff]", token)]


class SearchIndex:
    """A BM25 index over the paragraphs of some rulebooks' articles; build once and keep (see
    `index`). An article scores as its best paragraph, so a short rule buried in a long
    article (a 7-working-day reply deadline) is not drowned by the article's length."""

    def __init__(self, rulebooks: Iterable[Rulebook]) -> None:
        self._paragraphs: list[tuple[str, Article, str, Counter[str]]] = []
        self._document_frequency: Counter[str] = Counter()
        for rulebook in rulebooks:
            for article in rulebook.articles():
                for paragraph in article.paragraphs or (article.text,):
                    terms = Counter(tokenize(paragraph))
                    self._paragraphs.append((rulebook.id, article, paragraph, terms))
                    self._document_frequency.update(terms.keys())
        lengths = [sum(terms.values()) for *_, terms in self._paragraphs]
        self._lengths = lengths
        self._average_length = (sum(lengths) / len(lengths)) if lengths else 1.0

    def _idf(self, term: str) -> float:
        total = len(self._paragraphs)
        frequency = self._document_frequency.get(term, 0)
        return math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))

    def search(self, query: str, *, ids: Iterable[str] | None = None, limit: int = 10) -> list[Hit]:
        """Articles ranked by BM25 for the query's words; ids limits the rulebooks searched."""
        wanted = set(ids) if ids else None
        terms = list(dict.fromkeys(tokenize(query)))
        if not terms:
            raise RulebookError(f"检索词「{query}」中没有可检索的字词")
        weights = {term: self._idf(term) for term in terms}
        best: dict[str, tuple[float, str]] = {}
        for (rulebook_id, article, paragraph, counts), length in zip(self._paragraphs, self._lengths, strict=True):
            if wanted is not None and rulebook_id not in wanted:
                continue
            score = 0.0
            for term, weight in weights.items():
                frequency = counts.get(term, 0)
                if frequency:
                    norm = _K1 * (1 - _B + _B * length / self._average_length)
                    score += weight * frequency * (_K1 + 1) / (frequency + norm)
            if score > 0 and score > best.get(article.id, (0.0, ""))[0]:
                best[article.id] = (score, paragraph)
        hits = [Hit(article_id, score, _snippet(paragraph, weights))
                for article_id, (score, paragraph) in best.items()]
        hits.sort(key=lambda hit: (-hit.score, hit.id))
        return hits[:limit]


def _snippet(text: str, weights: dict[str, float]) -> str:
    """The sentence carrying most of the query's weight, shortened around the first match."""
    best, best_score = "", -1.0
    for sentence in (s.strip() for s in _SENTENCE.findall(text)):
        score = sum(weight for term, weight in weights.items() if term in sentence)
        if score > best_score:
            best, best_score = sentence, score
    if len(best) <= _SNIPPET_MAX:
        return best
    first = min((best.find(term) for term in weights if term in best), default=0)
    start = max(0, min(first - _SNIPPET_MAX // 3, len(best) - _SNIPPET_MAX))
    clipped = best[start:start + _SNIPPET_MAX]
    return ("…" if start else "") + clipped + ("…" if start + _SNIPPET_MAX < len(best) else "")


def index() -> SearchIndex:
    """The index over every known rulebook and law (texts added at run time included), built on
    first use and again when a text is added."""
    # Keyed by object identity: a text registered again under its id gets a fresh index.
    return _index(tuple((rulebook_id, id(load(rulebook_id))) for rulebook_id in known_ids()))


@lru_cache(maxsize=2)
def _index(key: tuple[tuple[str, int], ...]) -> SearchIndex:
    return SearchIndex(load(rulebook_id) for rulebook_id, _ in key)


def search(query: str, *, ids: Iterable[str] | None = None, limit: int = 10) -> list[Hit]:
    """Search the known texts; unknown ids in `ids` raise RulebookError."""
    ids = list(ids) if ids else None
    for rulebook_id in ids or ():
        load(rulebook_id)  # raises the Chinese "unknown rulebook" error
    return index().search(query, ids=ids, limit=limit)
