"""Drafting a profile from a rules text: every value the text states, with its cite, the sentence
it came from and a confidence, for the office's legal staff to accept, correct or reject.

The drafter reads the parsed articles (`articles.Rulebook`) sentence by sentence with general
patterns of Chinese government rules texts — 「由…主持」「纪要由…签发」「每月召开2次」
「N个工作日内」「逾期不回复视为同意」「除…外」 — and names posts in the text's own words
(区长/市长/县长…, whatever the text's head is called; a title that lost its locality character
in copying, 「由长、副…组成」, is still read). No pattern names a locality or an article number:
a new government's text is read the same way as the seeds. Where several sentences could hold a
value, the first in the text wins unless the value's context (a documents article, a decision-
making chapter) points to another. What it does not find it leaves to the default profile,
listed as inherited. Pure: no storage, no clock, no model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from zhengwu.rulebook.articles import Rulebook
from zhengwu.rulebook.numerals import to_int
from zhengwu.rulebook.sources import load as load_text

# --- reading the text --------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    ref: str  # "37" or "31.3" (an item of article 31)
    article: int
    text: str  # as read by the patterns: spaces around digits and Latin letters dropped (「7 个」→「7个」)
    original: str = ""  # as the text writes it, shown to the reviewer


def _plain(text: str) -> str:
    return re.sub(r"\s+(?=[0-9A-Za-z０-９])|(?<=[0-9A-Za-z０-９])\s+", "", text)


def sentences(rulebook: Rulebook) -> list[Sentence]:
    """Every sentence of the text with the article (or item) it stands in, in text order."""
    found = []
    for article in rulebook.articles():
        items = {f"（{_cn_item(item.no)}）{item.text}": item for item in article.items}
        for paragraph in article.paragraphs or (article.text,):
            item = items.get(paragraph)
            if item is None:
                item = next((i for i in article.items if i.text and i.text in paragraph), None)
            ref = f"{article.no}.{item.no}" if item is not None else str(article.no)
            # An item's sentences are read without their enumerator 「（一）」.
            paragraph = re.sub(r"^[（(][一二三四五六七八九十]+[)）]", "", paragraph) if item is not None else paragraph
            for piece in re.findall(r"[^。；;！？]+[。；;！？]?", paragraph):
                if piece.strip():
                    found.append(Sentence(ref, article.no, _plain(piece.strip()), piece.strip()))
    return found


def _cn_item(no: int) -> str:
    from zhengwu.rulebook.numerals import to_chinese

    return to_chinese(no)


_NUMBER = r"([0-9０-９]+|[一二两三四五六七八九十百]+)"


def number(text: str) -> int:
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if text == "两":
        return 2
    return to_int(text.replace("两", "二"))


# --- posts named in the text's own words --------------------------------------------------------

_LEVEL_OF_HEAD = {"总理": "national", "省长": "province", "自治区主席": "province", "市长": "city",
                  "州长": "city", "盟长": "city", "区长": "district", "县长": "county", "旗长": "county",
                  "乡长": "township", "镇长": "township"}


@dataclass
class Vocabulary:
    """The text's words for its posts: 区长 → head, 副区长 → deputy, 区政府 → the government."""

    head: str  # 区长
    gov: str  # 区政府

    def patterns(self) -> list[tuple[str, str]]:
        h, g = re.escape(self.head), f"(?:{re.escape(self.gov)})"
        short = re.escape(self.gov[0]) if self.gov else ""
        return [
            (rf"委托(?:的)?{g}?(?:领导同志|领导)|委托人", "delegating_leader"),
            (rf"主持(?:召开)?(?:会议)?的{g}?(?:领导同志|领导|负责同志|副{h}|{h}|副?秘书长)|会议主持人|召开会议的{g}?领导(?:同志)?", "chair"),
            (rf"(?:出席|参加|与会)(?:会议)?的{g}?(?:领导同志|副{h})|与会副{h}", "attending_deputies"),
            (rf"(?:分管|主管)(?:有关工作)?(?:的)?{g}?(?:领导同志|负责同志|副{h}|领导)", "oversight_deputy"),
            (rf"(?:有关|相关)(?:的)?{g}?副{h}|与议题相关的{g}?领导同志", "related_deputies"),
            (rf"{h}指定的(?:其他)?副{h}|(?:{h})?(?:安排|指定)(?:的)?其他副{h}|或其他副{h}", "designated_deputy"),
            (rf"常务副{h}|负责{g}?常务工作的副{h}", "executive_deputy"),
            (rf"{g}?党组副书记", "party_deputy_secretary"),
            (rf"{g}?党组书记", "party_secretary"),
            (rf"{g}?党组成员", "party_group_members"),
            (rf"{g}?副秘书长", "deputy_secretary_general"),
            (rf"{g}?秘书长", "secretary_general"),
            (rf"{g}?办公(?:室|厅)副主任", "deputy_office_director"),
            (rf"{g}?办公(?:室|厅)主任", "office_director"),
            (rf"{g}?办公(?:室|厅)", "office"),
            (rf"{g}?副{h}", "deputy"),
            (rf"{h}", "head"),
            # Titles whose locality character was lost in copying (「由长、副…组成」「向长请假」).
            (r"负责常务工作的长", "executive_deputy"),
            (r"(?:(?<=[由、或和向请])|^)长(?=[、和或召主委请签报])|(?<=[由或])长$|^长$", "head"),
            (r"(?:(?<=[由、或和])|^)副(?=[、和或])", "deputy"),
            (r"牵头部门|主办部门|承办部门", "lead_department"),
            (r"(?:各|有关|相关)?(?:工作)?部门(?:、单位)?(?:的)?主要负责(?:同志|人)|(?:各)?组成部门(?:的)?(?:局长、主任|主任、局长|主要负责人)|局长、主任|主任、局长", "department_head"),
            (rf"{g}?法制机构|{short}司法局|司法行政部门", "legal_office"),
            (rf"{short}?督查室|{g}?督查机构", "supervision_office"),
            (rf"{short}?审计(?:局|机关)", "audit_office"),
            (r"常设列席单位", "standing_observers"),
            (rf"{short}?市场监(?:督)?管(?:理)?局", "market_regulator"),
            (rf"(?:{g}|政府)?法律顾问", "legal_adviser"),
            (r"主要负责(?:同志|人)", "department_head"),
        ]

    def actors(self, phrase: str) -> list[str]:
        """The actors a phrase names, in the order it names them."""
        hits: list[tuple[int, str]] = []
        taken = [False] * len(phrase)
        for pattern, code in self.patterns():
            for match in re.finditer(pattern, phrase):
                if any(taken[match.start():match.end()]):
                    continue
                for i in range(match.start(), match.end()):
                    taken[i] = True
                if (code == "head" and match.group(0) == "长" and phrase[:match.start()].endswith("或")
                        and not phrase[match.end():].startswith("委托")
                        and any(c == "head" for _, c in hits)):
                    # 「由区长或长召集」: no text writes 「区长或区长」, so the title that lost its
                    # characters after 「或」 is the other 长 of the text, the deputy's.
                    code = "deputy"
                hits.append((match.start(), code))
        return list(dict.fromkeys(code for _, code in sorted(hits)))

    def damaged(self, text: str, start: int) -> bool:
        """Whether the words at `start` follow a government's name other than the text's own: one
        that lost its locality character in copying (「安排政府办公室副主任」 in a text that elsewhere
        writes 区政府), or another government's (「省政府办公厅」 in a city's text)."""
        before = text[:start]
        return before.endswith("政府") and not before.endswith(self.gov)

    def first_title(self, code: str, text: str) -> str | None:
        for pattern, found in self.patterns():
            if found == code:
                match = re.search(pattern, text)
                if match:
                    return match.group(0)
        return None


def vocabulary(rulebook: Rulebook) -> Vocabulary:
    """The head's title from 「实行…负责制」 or the most frequent 「X长」, and the government's name."""
    text = "\n".join(a.text for a in rulebook.articles())
    match = re.search(r"实行([\u4e00-\u9fff]{1,3}长)负责制", text) or re.search(r"实行(总理)负责制", text)
    if match:
        head = match.group(1)
    else:
        counts = {title: text.count(title) for title in _LEVEL_OF_HEAD}
        head = max(counts, key=lambda title: counts[title])
    gov = {"总理": "国务院"}.get(head, head[0] + "政府")
    return Vocabulary(head=head, gov=gov)


def level_of(vocab: Vocabulary) -> str | None:
    return _LEVEL_OF_HEAD.get(vocab.head)


# --- proposals ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """One drafted value: `key` is the profile path (`meetings.executive.cadence`; an exception is
    `<leaf path>.exceptions.<name>`), `cite` the article or item ("37", "31.3")."""

    key: str
    value: Any
    cite: str
    sentence: str
    confidence: float

    def as_dict(self) -> dict:
        return {"key": self.key, "value": self.value, "cite": self.cite, "sentence": self.sentence,
                "confidence": self.confidence}


@dataclass
class Draft:
    rulebook_id: str
    title: str
    head_title: str
    level: str | None
    proposals: list[Proposal] = field(default_factory=list)
    inherited: dict[str, Any] = field(default_factory=dict)  # key → the default's value

    def get(self, key: str) -> Proposal | None:
        return next((p for p in self.proposals if p.key == key), None)


MEETING_WORDS = {
    "party_group": r"党组(?:扩大)?会议",
    "plenary": r"全体(?:成员)?会议",
    "executive": r"常务会议",
    "head_office": None,  # 区长办公会议: built from the head's title
    "topical": r"专题会议|业务会议|专题办公会议",
}

CADENCES = [
    (r"每周", None),
    (r"(?:每|一)月(?:召开|举行)?(?:2|两|二)次|每月(?:上、下半月)?各(?:召开)?一次|半月(?:召开)?一次", "2/month"),
    (r"每两周|双周", "1/2weeks"),
    (r"(?:每|一)月(?:召开|举行)?(?:1|一)次|每月召开一次", "1/month"),
    (r"(?:每|一)季度", "1/quarter"),
    (r"(?:每|一)半年", "1/half_year"),
    (r"(?:每|一)年(?:至少)?(?:召开)?(?:2|两|二)次", ">=2/year"),
    (r"不定期|根据(?:工作)?需要(?:随时)?召开|视情", "irregular"),
]


class Drafter:
    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self.vocab = vocabulary(rulebook)
        self.sentences = sentences(rulebook)
        self.proposals: dict[str, Proposal] = {}
        h = re.escape(self.vocab.head)
        self.meeting_words = {kind: (word or rf"{h}办公会议|{h}专题办公会议|(?<![\u4e00-\u9fff])长办公会议|(?<=[、和，])长办公会议")
                              for kind, word in MEETING_WORDS.items()}
        self.meeting_words["topical"] = rf"(?<!{h})专题会议|业务会议|(?<!{h})专题办公会议"

    # helpers
    def propose(self, key: str, value: Any, sentence: Sentence, confidence: float) -> None:
        if key not in self.proposals and value not in (None, []):
            self.proposals[key] = Proposal(key, value, sentence.ref, sentence.original or sentence.text, confidence)

    def find(self, pattern: str, *, where: Callable[[Sentence], bool] | None = None) -> Iterator[tuple[Sentence, re.Match]]:
        for sentence in self.sentences:
            if where is not None and not where(sentence):
                continue
            match = re.search(pattern, sentence.text)
            if match:
                yield sentence, match

    def first(self, pattern: str, **kw) -> tuple[Sentence, re.Match] | tuple[None, None]:
        return next(self.find(pattern, **kw), (None, None))

    def article_sentences(self, no: int) -> list[Sentence]:
        return [s for s in self.sentences if s.article == no]

    def article_text(self, no: int) -> str:
        return " ".join(s.text for s in self.article_sentences(no))

    # --- the whole draft
    def run(self) -> list[Proposal]:
        self.posts()
        self.acting()
        self.meetings()
        self.documents()
        self.signing()
        self.decisions()
        self.contracts()
        self.conference()
        self.leave()
        self.emergency()
        self.supervision()
        self.disclosure()
        self.exceptions()
        return list(self.proposals.values())

    # --- exceptions the sentence of a value makes (「除…外」「特殊情况…」「…除外」「原则上」)
    def exceptions(self) -> None:
        for proposal in list(self.proposals.values()):
            if ".exceptions." in proposal.key or ".rows." in proposal.key or proposal.key.startswith(("posts.", "declared_posts.")):
                continue
            sentence = next((s for s in self.sentences if (s.original or s.text) == proposal.sentence
                             and s.ref == proposal.cite), None)
            if sentence is None:  # a value resting on a law, not on the text
                continue
            self.exceptions_in(proposal, sentence)
            if isinstance(proposal.value, int) and not isinstance(proposal.value, bool):
                self.exception_after(proposal, sentence)

    def exception_after(self, proposal: Proposal, sentence: Sentence) -> None:
        """A time limit's exception stated in the sentence after it: 「除特殊情况外，会前一般不临时
        受理议题」 (the case in which the rule gives way: 「特殊情况下会前临时受理议题」), or 「特殊情况
        不能按期回复的，应主动与主办部门沟通并商定…」「文件有重大修改…的，起草部门应在10个工作日内完成
        修改…」 (a case and what applies then, with its own number if it gives one)."""
        index = self.sentences.index(sentence)
        if index + 1 >= len(self.sentences):
            return
        after = self.sentences[index + 1]
        if after.article != sentence.article:
            return
        text = after.text.rstrip("。；;")
        label = None
        if m := re.match(r"除([^，。；,]{2,12}?)外[，,]?([^，。；,]*?)(?:一般|原则上)?不([^，。；,]+)$", text):
            label = f"{m.group(1)}下{m.group(2)}{m.group(3)}"
        elif m := re.match(r"([^，。；,]*(?:特殊情况|不能按(?:期|时)|重大修改|确需)[^，。；,]*的)[，,]([^，。；,]+)", text):
            then = re.sub(r"^((?:[^，。；,]{0,8}?))(?:应当|应|须|要|必须)(?:主动)?(?:在)?", r"\1", m.group(2))
            then = re.sub(r"(?:沟通|协商)并", "", then)  # the preparatory step before the deciding verb
            then = re.split(r"并(?:按|报|及时)", then)[0]  # the procedure after it is not the exception
            label = f"{m.group(1)}，{then}"
        if label is None:
            return
        name = _exception_name(label)
        key = f"{proposal.key}.exceptions.{name}"
        value: dict[str, Any] = {"label": _label(label)}
        if n := re.search(rf"{_NUMBER}(?:个工作日|个月|天|日|分钟)", label):
            value["value"] = number(n.group(1))
        self.propose(key, value, after, 0.4)

    def exceptions_in(self, proposal: Proposal, sentence: Sentence) -> None:
        """The exceptions one sentence makes to the value `proposal` states."""
        v = self.vocab
        text = sentence.text
        found: list[str] = []
        for cases in re.findall(r"除([^，。；]{2,60}?)(?:等(?:原因|情况))?外", text):
            found += _cases(cases) if re.search(r"等(?:原因|情况)外", text) else [cases]
        found += [c for c in re.split(r"[，,；]", text) if re.search(r"特殊情况|特殊紧急|如有需要|临时召开|随时召开", c)]
        found += [c for c in re.split(r"[，,；]", text) if c.endswith("除外")]
        if not found and "原则上" in text and "restricted" not in proposal.key:
            # 「原则上…」 admits exceptions the text does not list: flagged for the reviewer to name.
            found = [c for c in re.split(r"[，,；]", text) if "原则上" in c]
        for label in dict.fromkeys(_label(re.sub(r"^在", "", line.strip("。 "))) for line in found if line.strip("。 ")):
            name = _exception_name(label)
            key = f"{proposal.key}.exceptions.{name}"
            if key in self.proposals:
                continue
            value: dict[str, Any] = {"label": label}
            actors = [a for a in v.actors(label) if a not in ("head",) or "由" in label]
            if re.search(r"由[^，。；]{1,12}(?:安排|指定)?[^，。；]{0,8}(?:代行|主持|签发|负责)", label) and actors:
                value["value"] = actors[-1]
            elif isinstance(proposal.value, int) and not isinstance(proposal.value, bool) and (
                    n := re.search(rf"{_NUMBER}(?:个工作日|个月|天|日|分钟)", label)):
                value["value"] = number(n.group(1))
            self.propose(key, value, sentence, 0.4)

    # --- posts
    def posts(self) -> None:
        v = self.vocab
        sentence, _ = self.first(rf"实行{re.escape(v.head)}负责制|{re.escape(v.head)}领导")
        if sentence is None:
            sentence, _ = self.first(rf"协助{re.escape(v.head)}工作|向{re.escape(v.head)}(?:报告|请假)")
        if sentence:
            self.propose("posts.head", v.head, sentence, 0.95)
        sentence, m = self.first(rf"常务副{re.escape(v.head)}")
        if sentence and m:
            self.propose("posts.executive_deputy", m.group(0), sentence, 0.8)
        sentence, m = self.first(rf"副{re.escape(v.head)}(?:协助|负责|按照分工)")
        if sentence:
            self.propose("posts.deputy", v.first_title("deputy", sentence.text), sentence, 0.8)
        for code in ("deputy", "executive_deputy", "office_director", "secretary_general", "deputy_secretary_general",
                     "deputy_office_director", "party_secretary", "party_deputy_secretary", "office", "legal_office",
                     "supervision_office", "audit_office", "market_regulator", "legal_adviser", "department_head"):
            for sentence in self.sentences:
                title = v.first_title(code, sentence.text)
                if title and v.damaged(sentence.text, sentence.text.find(title)):
                    continue  # named from an intact mention, not one that lost its locality
                if title and v.actors(title) == [code]:
                    self.propose(f"posts.{code}", title, sentence, 0.8)
                    break
        # Posts the fixed codes do not cover: 「…助理」「国务委员」, declared with the duties the text gives.
        for sentence, match in self.find(r"([\u4e00-\u9fff]{0,4}(?:长助理|国务委员))"):
            title = match.group(1)
            duties = [s.text for s in self.sentences if title in s.text and re.search(r"协助|负责|分管", s.text)]
            code = "assistant" if "助理" in title else "state_councilor"
            self.propose(f"declared_posts.{code}", {"title": title, "duties": duties[:3]}, sentence, 0.5)
            break

    # --- acting
    def acting(self) -> None:
        sentence: Sentence | None  # a loop's sentence, or first()'s miss
        v = self.vocab
        h = re.escape(v.head)
        for sentence, _ in self.find(rf"{h}(?:因?(?:出国|外出|离|不在|请假|休假|出差)|因公(?:外出|出差|出国)).{{0,20}}(?:期间|时)|{h}不在岗"):
            text = sentence.text
            after = re.split(r"期间|时，|时", text, maxsplit=1)[-1]
            actors = [a for a in v.actors(after) if a in ("executive_deputy", "designated_deputy", "deputy")]
            if not actors:
                continue
            if "deputy" in actors and "executive_deputy" not in actors:
                continue
            self.propose("acting.head_absent", [a for a in actors if a != "deputy"], sentence, 0.85)
            self.propose("acting.head_absent_occasions", _occasions(text.split("期间")[0] + "期间"), sentence, 0.7)
            self.propose("acting.head_absent_needs_mandate", "委托" in text, sentence, 0.7)
            break
        sentence, _ = self.first(r"AB角|A、B角|互为(?:AB|A、B)角")
        if sentence:
            self.propose("acting.deputy_absent", "ab_partner", sentence, 0.8)
            # 「互为AB角的副区长，一位外出期间，一般由另一位代行…，特殊情况下由区长安排…」
            after = [s for s in self.article_sentences(sentence.article)
                     if self.sentences.index(s) > self.sentences.index(sentence) and re.search(r"期间|时", s.text)]
            if after:
                self.propose("acting.deputy_absent_occasions", _occasions(after[0].text), after[0], 0.6)
                self.exceptions_in(self.proposals["acting.deputy_absent"], after[0])
        else:
            sentence, _ = self.first(r"补位")
            if sentence:
                self.propose("acting.deputy_absent", "fill_in", sentence, 0.6)
                # 「副区长因公外出、请假休假期间，或同时有多个重要政务活动时，由补位的副区长或其他
                # 副区长代为处理」: the occasions, and the second stand-in as the exception.
                if re.search(r"期间|时[，,]", sentence.text):
                    self.propose("acting.deputy_absent_occasions", _occasions(sentence.text), sentence, 0.6)
                if m := re.search(r"由[^，。；]{2,16}?或((?:其他|另一)[^，。；]{1,8}?)((?:代为|代行|负责)[^，。；]*)", sentence.text):
                    actors = [a for a in v.actors(m.group(1)) if a != "designated_deputy"] or v.actors(m.group(1))
                    self.propose("acting.deputy_absent.exceptions.other_deputy",
                                 {"label": _label(f"由{m.group(1)}{m.group(2)}"),
                                  **({"value": actors[0]} if actors else {})}, sentence, 0.4)

    # --- meetings
    def meeting_article(self, kind: str) -> int | None:
        """The article describing one meeting: the first whose opening sentence names it (and
        says who sits or chairs) without listing the other meetings."""
        word = self.meeting_words[kind]
        others = [w for k, w in self.meeting_words.items() if k != kind]
        for sentence in self.sentences:
            if "." in sentence.ref or not re.search(word, sentence.text):
                continue
            if sum(1 for w in others if re.search(w, sentence.text)) >= 1:
                continue
            if re.search(r"组成|主持|召集|召开", sentence.text):
                return sentence.article
        return None

    def meetings(self) -> None:
        sentence: Sentence | None  # a loop's sentence, or first()'s miss
        v = self.vocab
        # The meetings the text institutes (「实行…会议制度」), with any other it describes on its own.
        listed, where = [], None
        for sentence in self.sentences:
            found = self._kinds_in(sentence.text)
            if found and re.search(r"实行.{0,60}会议.{0,10}制度|会议包括|会议有", sentence.text):
                listed, where = found, sentence
                break
        if not listed:
            # No 「实行…制度」: the first sentence that has someone convene or chair several meetings.
            for sentence in self.sentences:
                found = self._kinds_in(sentence.text)
                if len(found) >= 2 and re.search(r"召集|主持", sentence.text) and "." not in sentence.ref:
                    listed, where = found, sentence
                    break
        articles = {kind: self.meeting_article(kind) for kind in MEETING_WORDS}
        kinds = [kind for kind in MEETING_WORDS if kind in listed or articles[kind] is not None]
        described = [s for kind in kinds if (no := articles[kind]) is not None for s in self.article_sentences(no)[:1]]
        if kinds and (where or described):
            self.propose("meetings.types", kinds, where or described[0], 0.8 if where else 0.5)
        subjects = self._subjects()
        for kind in kinds:
            own = [s for s in self.sentences if s.article == articles[kind] and kind in subjects[id(s)]]
            own += [s for s in self.sentences if s.article != articles[kind] and kind in subjects[id(s)]]
            if own:
                self.meeting(kind, own)
        for sentence, match in self.find(r"会议的?组织(?:工作)?由(.{2,12}?)负责"):
            actors = v.actors(match.group(1))
            if actors:
                self.propose("meetings.organised_by", actors[0], sentence, 0.8)
                break
        for sentence, _ in self.find(r"会议材料|会议文件|材料.{0,6}会前|会前.{0,10}(?:送|印发)"):
            if not re.search(r"会前|提前|之前", sentence.text):
                continue
            named = self._kinds_in(" ".join(s.text for s in self.article_sentences(sentence.article)))
            for kind in named or kinds:
                if kind in kinds:
                    self.propose(f"meetings.{kind}.materials_before_meeting", True, sentence, 0.6)
            lead = re.search(rf"(?:会前|提前){_NUMBER}个工作日", sentence.text)
            if lead:
                for kind in named or kinds:
                    if kind in kinds:
                        self.propose(f"meetings.{kind}.materials_lead_workdays", number(lead.group(1)), sentence, 0.7)
            break
        for sentence, match in self.find(r"不能(?:出席|参加)(?:会议)?的?.{0,20}向([^，。；]{1,16}?)(?:请假|报告)"):
            actors = v.actors(match.group(1))
            if not actors:
                continue
            others = re.search(r"其他(?:参会|与会)?人员", sentence.text.split("向")[0])
            leaders = re.search(r"领导", sentence.text.split("向")[0])
            if leaders or not others:
                self.propose("meetings.absence.leader_approver", actors[0], sentence, 0.6)
            if others or not leaders:
                self.propose("meetings.absence.other_approver", actors[0], sentence, 0.5)
            if others and re.search(r"办公(?:室|厅)(?:备案|汇总)", sentence.text):
                self.propose("meetings.absence.other_filed_with_office", True, sentence, 0.5)
        sentence, _ = self.first(r"原则上不(?:应|得|能)?请假")
        if sentence:
            self.propose("meetings.absence.restricted", True, sentence, 0.6)
        sentence, _ = self.first(r"未经(?:同意|批准)不得(?:由他人)?代替|不得由他人代替")
        if sentence:
            self.propose("meetings.absence.substitute_needs_consent", True, sentence, 0.5)
        sentence, _ = self.first(r"通报(?:会议)?出席")
        if sentence:
            self.propose("meetings.absence.attendance_reported_by_office", True, sentence, 0.5)
        for sentence, match in self.find(r"重大(?:事项|问题|决策).{0,30}(?:须|必须|应当|要)?(?:经|由)(.{4,40}?)(?:集体)?讨论决定"):
            decided = self._kinds_in(match.group(1))
            if decided:
                self.propose("meetings.major_matters_decided_by", decided, sentence, 0.7)
                break

    def _kinds_in(self, text: str) -> list[str]:
        found = []
        for kind, word in self.meeting_words.items():
            match = re.search(word, text)
            if match:
                found.append((match.start(), kind))
        # Listed in the schema's order, as the profiles list them, whatever the sentence's order.
        return [kind for kind in MEETING_WORDS if kind in {k for _, k in found}]

    def _subjects(self) -> dict[int, list[str]]:
        """The meetings each sentence speaks of: those it names, or (naming none) those the
        sentence before it in the same article spoke of — 「议题由区长确定」 after
        「区长主持召开区长办公会议」. Items (the meetings' tasks) speak of no meeting's procedure."""
        found: dict[int, list[str]] = {}
        previous: Sentence | None = None
        for sentence in self.sentences:
            if "." in sentence.ref:
                found[id(sentence)] = []
                continue
            kinds = self._kinds_in(sentence.text)
            if not kinds and previous is not None and previous.article == sentence.article:
                kinds = found[id(previous)]
            found[id(sentence)] = kinds
            previous = sentence
        return found

    def meeting(self, kind: str, own: list[Sentence]) -> None:
        v = self.vocab
        key = f"meetings.{kind}"
        word = self.meeting_words[kind]
        # The name as the text writes it in full: a mention that lost its locality character
        # (「长办公会议」「政府专题会议」) or a list of all the meetings (「参加区政府全体会议、常务会议、
        # 区长办公会议和专题会议」, where the government's name is said once) gives way to one that
        # names this meeting whole; failing that, the first mention.
        mentions = [(sentence, match) for sentence in own
                    if (match := re.search(rf"(?:{re.escape(v.gov)}|{re.escape(v.gov[0])})?(?:{word})", sentence.text))]
        whole = [(sentence, match) for sentence, match in mentions
                 if not match.group(0).startswith("长") and not v.damaged(sentence.text, match.start())
                 and len(self._kinds_in(sentence.text)) < 3]
        full = [(sentence, match) for sentence, match in whole if match.group(0).startswith(v.gov)]
        for sentence, match in (full or whole or mentions)[:1]:
            self.propose(f"{key}.name", match.group(0), sentence, 0.8)
        for sentence in own:
            text = sentence.text
            if m := re.search(r"由([^，。；由]{2,60}?)(?:等)?组成(?![员部])", text):
                self.propose(f"{key}.members", v.actors(m.group(1)), sentence, 0.8)
            if m := re.search(r"由([^，。；由]{1,40}?)(?:负责)?(?:召集(?:并|和)?)?主持", text):
                chair, delegated = self._delegation(m.group(1))
                # 「…，也可根据工作需要委托秘书长召集并主持」: a further chair by delegation.
                if more := re.search(r"[，,]也可(?:以)?[^，。；]{0,12}?委托([^，。；]{2,20}?)(?:召集(?:并|和)?)?主持", text[m.end():]):
                    extra = [a for a in v.actors(more.group(1)) if a not in chair]
                    chair, delegated = chair + extra, delegated + [a for a in extra if a not in delegated]
                if delegated:
                    self.propose(f"{key}.chair_by_delegation", delegated, sentence, 0.6)
                self.propose(f"{key}.chair", chair, sentence, 0.8)
                if re.search(r"召集(?:并|和)?主持", text):
                    self.propose(f"{key}.convener", chair, sentence, 0.7)
            elif m := re.search(r"由([^，。；由]{1,20}?)召集", text):
                self.propose(f"{key}.convener", v.actors(m.group(1)), sentence, 0.6)
            if "纪要" in text:
                self._minutes(key, sentence)
            if m := re.search(rf"{_NUMBER}个工作日内(?:由[^，。；]{{0,10}})?(?:报|送)[^，。；]{{0,10}}办公(?:室|厅)", text):
                self.propose(f"{key}.to_office_within_workdays", number(m.group(1)), sentence, 0.6)
            if m := re.search(rf"{_NUMBER}个工作日内(?:印发|下发)", text):
                self.propose(f"{key}.issue_within_workdays", number(m.group(1)), sentence, 0.6)
            if m := re.match(rf"([^，。；]{{2,14}}?)(?:受[^，。；]{{2,8}}委托)?(?:或按照分工)?(召集(?:和|并)主持|主持召开|主持|召开)[^，。；]{{0,20}}?(?:{word})", text):
                chair, delegated = self._delegation(m.group(1))
                if chair:
                    self.propose(f"{key}.convener", chair, sentence, 0.6)
                    self.propose(f"{key}.chair", chair, sentence, 0.6)
                    if delegated:
                        self.propose(f"{key}.chair_by_delegation", delegated, sentence, 0.6)
            if m := re.search(r"议题[^。；由]{0,20}?由([^，。；]{2,30}?)(?:提出|确定|审定|研究确定)", text):
                proposers = v.actors(m.group(1))
                for more in re.finditer(r"或由([^，。；]{2,20}?)提出", text[m.end():]):
                    proposers += [a for a in v.actors(more.group(1)) if a not in proposers]
                self.propose(f"{key}.topic_proposers", proposers, sentence, 0.6)
            elif m := re.search(r"(?:^|[，,])([^，。；,]{2,12}?)(?:在[^。；]{0,24}?[，,])?(?:将|把)议题(?:上报|报送|提交)", text):
                # The subject of its own clause: 「…机制，牵头部门在征求…意见后，将议题上报…」.
                self.propose(f"{key}.topic_proposers", v.actors(m.group(1))[:1], sentence, 0.5)
            elif m := re.search(r"^对?需?(?:提交|提请)[^，。；]{0,20}的议题[，,]([^，。；]{2,10}?)(?:事前|事先|应|要|须)", text):
                # 「对需提交常务会议研究的议题，主办部门事前应…」: whoever the sentence charges with it.
                self.propose(f"{key}.topic_proposers", v.actors(m.group(1))[:1], sentence, 0.5)
            # Topics the departments could not agree on: who settles them, and that they wait.
            if m := re.search(r"(?:不能取得一致|未能(?:协商|协调)一致|意见不一致|有分歧)[^。；]*?(?:报请|提请|报|交由)([^，。；]{2,12}?)(?:进行)?协调", text):
                actors = v.actors(m.group(1))
                if actors:
                    self.propose(f"{key}.disagreement_coordinator", actors[0], sentence, 0.6)
            if re.search(r"(?:未|没有|未能)(?:协商|协调)一致的议题[^。；]{0,10}不(?:提交|提请|列入|安排|上会)", text):
                self.propose(f"{key}.unresolved_topics_refused", True, sentence, 0.6)
            if re.search(r"合法性审查后[^。；]{0,20}(?:提请|提报|提交|上会)", text):
                self.propose(f"{key}.legality_review_first", True, sentence, 0.6)
            if m := re.search(r"(?:提请会议审议的|会议)?文件由([^，。；]{2,30}?)(?:审定|确定|批印)", text):
                self.propose(f"{key}.documents_finalized_by", v.actors(m.group(1)), sentence, 0.6)
            observers = [part for o in re.findall(r"(?:可?(?:安排|请|邀请))([^，。；]{2,60}?)(?:列席|参加)", text)
                         if "常设" not in o for part in _observer_groups(o)]
            if observers and "列席" in text:
                self.propose(f"{key}.observers", list(dict.fromkeys(observers)), sentence, 0.5)
            if m := re.search(r"常设列席单位由(.{2,10}?)确定", text):
                actors = v.actors(m.group(1))
                if actors:
                    self.propose(f"{key}.standing_observers_set_by", actors[0], sentence, 0.7)
        cadence = self._cadence(own)
        if cadence:
            self.propose(f"{key}.cadence", cadence[0], cadence[1], 0.8)

    def _delegation(self, phrase: str) -> tuple[list[str], list[str]]:
        """「X或X委托Y」: X chairs, or Y when delegated; 「X委托Y」: Y, always by delegation."""
        v = self.vocab
        if "委托" not in phrase:
            return v.actors(phrase), []
        before, after = phrase.split("委托", 1)
        delegating = v.actors(before + "委托")  # read with its verb: 「长或长委托」 is the head twice
        delegated = [a for a in v.actors(after) if a not in delegating] or v.actors(after)
        if not re.search(r"或", before):
            return delegated, delegated
        return list(dict.fromkeys(delegating + delegated)), delegated

    def _cadence(self, own: list[Sentence]) -> tuple[str, Sentence] | None:
        found: list[tuple[str, Sentence]] = []
        for sentence in own:
            if "." in sentence.ref:
                continue
            for pattern, value in CADENCES:
                if value and re.search(pattern, sentence.text):
                    found.append((value, sentence))
                    break
        explicit = [f for f in found if f[0] != "irregular"]
        chosen = explicit or found
        return chosen[0] if chosen else None

    def _minutes(self, key: str, sentence: Sentence) -> None:
        v = self.vocab
        text = sentence.text.split("纪要", 1)[1]
        if m := re.search(r"起草(?:工作)?由([^，。；]{2,20}?)负责", text):
            actors = v.actors(m.group(1))
            if actors:
                self.propose(f"{key}.minutes_drafter", actors[-1], sentence, 0.6)
        if m := re.search(r"(?:由)?([^，。；]{2,20}?)(?:负责)?(?:起草|整理|拟稿)", text):
            actors = v.actors(m.group(1))
            if actors:
                self.propose(f"{key}.minutes_drafter", actors[-1], sentence, 0.7)
        if m := re.search(r"经([^，。；]{2,24}?)会签", text):
            actors = v.actors(m.group(1))
            if actors:
                self.propose(f"{key}.minutes_countersign", actors[0], sentence, 0.7)
        if m := re.search(r"(?:经|由)([^，。；]{2,24}?)审核", text):
            actors = v.actors(m.group(1))
            if actors:
                self.propose(f"{key}.minutes_reviewer", actors[0], sentence, 0.6)
        if m := re.search(r"(?:由|报)?([^，。；]{2,24}?)签发", text):
            actors = v.actors(m.group(1))
            if actors:
                self.propose(f"{key}.minutes_signer", actors[-1], sentence, 0.8)
                # 「…签发，涉及重大事项报区长审定」: a higher post finalises those minutes.
                if f := re.search(r"(涉及[^，。；]{2,60}?(?:须经|报)([^，。；]{1,10}?)审定)", text):
                    finalizer = v.actors(f.group(2))
                    if finalizer:
                        name = "head_finalizes" if finalizer[0] == "head" else "finalizes"
                        matters = _matters(f.group(1))
                        self.propose(f"{key}.minutes_signer.exceptions.{name}",
                                     {"label": _label(f.group(1)), "value": finalizer[0],
                                      **({"matters": matters} if matters else {})}, sentence, 0.4)
                # 「受委托召开的专题会议，纪要须经委托人审定」: the delegating leader finalises.
                if f := re.search(r"(受委托(?:召开|主持)的[^，。；]{0,12}?[，,]?纪要(?:须|应|要)?经?(委托人|委托的[^，。；]{2,8}?)审定)", text):
                    self.propose(f"{key}.minutes_signer.exceptions.delegated",
                                 {"label": _label(f.group(1)), "value": "delegating_leader"}, sentence, 0.4)

    # --- documents
    def documents(self) -> None:
        sentence: Sentence | None  # a loop's sentence, or first()'s miss
        v = self.vocab
        base = "documents.incoming"
        office = r"办公(?:室|厅)"
        personal = r"不(?:得|要|应)直接(?:向|报送|报)?.{0,12}领导(?:同志)?个人"
        candidates = list(self.find(personal, where=lambda s: "公文" in s.text)) or list(self.find(personal)) or list(
            self.find(rf"(?:报送|呈报|报).{{0,10}}(?:公文|文件|请示|报告).{{0,20}}{office}"))
        for sentence, _ in candidates:
            self.propose(f"{base}.addressed_to_office", True, sentence, 0.6)
            for name, pattern in (("leader_assigned", r"([^，。；、除]{0,6}领导(?:同志)?交办(?:的)?事项)"),
                                  ("top_secret", r"(必须直接报送的绝密事项|绝密事项)"),
                                  ("major_emergency", r"(重大突发事件)"),
                                  ("urgent_sensitive_foreign_affairs", r"(紧急敏感涉外事项)")):
                m = re.search(pattern, sentence.text)
                if m and re.search(r"除|外", sentence.text):
                    self.propose(f"{base}.addressed_to_office.exceptions.{name}", {"label": m.group(1)}, sentence, 0.5)
            break
        simple = [
            ("signed_by_principal_head", r"主要负责(?:同志|人)签(?:发|署)"),
            ("one_matter_per_request", r"一文一事"),
            ("no_request_in_report", r"报告(?:中)?不得夹带请示"),
            ("no_dual_request_party_and_government", r"(?:不得|不要)(?:同时)?(?:向|报送?).{0,10}党委.{0,4}政府|多头(?:请示|报送)"),
            ("countersign_when_touching_other_departments", r"涉及(?:两个以上|多个|其他|有关|相关).{0,8}部门.{0,30}(?:会签|协商)"),
            ("disagreement_lists_reasons", r"(?:意见不一致|有分歧|分岐|不同意见|未能协商一致|不能取得一致).{0,40}(?:理由|依据|理据)"),
            ("nonconforming_returned", r"不符合.{0,30}退回"),
            ("legality_statement_attached", r"附(?:有|上)?合法性(?:审查)?(?:说明|意见)"),
        ]
        def documentish(s) -> bool:
            return bool(re.search(r"请示|公文|文件|报送|呈报", self.article_text(s.article)))
        # An article on a meeting's topics (议题) speaks of the meeting, not of documents: its
        # 「列明各方理据」 is the topic's, the documents' own comes from a documents article.
        def on_documents(s) -> bool:
            return documentish(s) and "议题" not in self.article_text(s.article)
        for name, pattern in simple:
            sentence, _ = self.first(pattern, where=on_documents)
            if sentence is None:
                sentence, _ = self.first(pattern, where=documentish)
            if sentence:
                self.propose(f"{base}.{name}", True, sentence, 0.6)
        # A text silent on these still binds its departments: 《党政机关公文处理工作条例》第十五条（四）.
        rule = load_text("law-gongwen-2012").get("15.4")
        law = Sentence(rule.id, 0, rule.text)
        for name in ("one_matter_per_request", "no_request_in_report"):
            if f"{base}.{name}" not in self.proposals:
                self.propose(f"{base}.{name}", True, law, 0.5)
        for sentence, m in self.find(rf"(?:一般|普通)(?:事项)?(?:不少于|提前){_NUMBER}个工作日", where=documentish):
            self.propose("documents.request_lead_workdays.normal", number(m.group(1)), sentence, 0.6)
            if u := re.search(rf"紧急(?:事项)?(?:不少于|提前){_NUMBER}个工作日", sentence.text):
                self.propose("documents.request_lead_workdays.urgent", number(u.group(1)), sentence, 0.6)
            break
        for sentence, m in self.find(rf"(?:提前|前){_NUMBER}个工作日"):
            if not re.search(r"请示|报送|公文|文件", sentence.text) or re.search(r"会议材料|会议", sentence.text):
                continue
            self.propose("documents.request_lead_workdays.normal", number(m.group(1)), sentence, 0.6)
            if u := re.search(rf"紧急.{{0,20}}(?:提前|前){_NUMBER}个工作日", sentence.text):
                self.propose("documents.request_lead_workdays.urgent", number(u.group(1)), sentence, 0.6)
            break
        sentence, _ = self.first(r"分工(?:呈批|报批)|按(?:照)?.{0,12}分工.{0,6}(?:呈批|呈报|阅批|送批|报批)")
        if sentence is None:
            sentence, _ = self.first(rf"(?:按照|根据)?(?:分工|职责分工).{{0,20}}(?:分管|有关)(?:副{re.escape(v.head)}|领导|负责同志)")
        if sentence is None:
            sentence, _ = self.first(rf"分管副{re.escape(v.head)}.{{0,20}}(?:审核|审批|阅批|批示|处理)")
        if sentence:
            self.propose("documents.routing.by_portfolio", True, sentence, 0.5)
        sentence, _ = self.first(rf"重(?:大|要)(?:事项|问题).{{0,20}}(?:报|呈)(?:请)?(?:{re.escape(v.head)}|长)(?:审批|签批|审定|批准)",
                                 where=lambda s: bool(re.search(r"公文|呈批|核批|审批", self.article_text(s.article))))
        if sentence:
            self.propose("documents.routing.major_to_head", True, sentence, 0.5)
        def routing(s) -> bool:
            return bool(re.search(r"呈批|签批|审批|报批|核批|审核把关", self.article_text(s.article)))
        # 「提出明确办理意见」 on the documents a leader is to approve, before a looser 「提出明确意见」.
        sentence, _ = self.first(r"(?:提出|有|签署)明确(?:的)?(?:处理|办理)意见", where=routing)
        if sentence is None:
            sentence, _ = self.first(r"(?:提出|有|签署)明确(?:的)?意见|提出办理意见", where=routing)
        if sentence:
            self.propose("documents.routing.clear_opinion_required", True, sentence, 0.5)
        for sentence, _ in self.find(rf"会签.{{0,40}}{_NUMBER}个工作日内"):
            n = re.findall(rf"{_NUMBER}个工作日内", sentence.text)
            self.propose("documents.countersign.reply_workdays", number(n[0]), sentence, 0.7)
            break
        sentence, _ = self.first(r"(?:逾期|到期|超过时限)(?:不|未)(?:答复|回复|反馈|签署|会签).{0,6}视(?:为|同)(?:同意|无(?:不同)?意见)")
        if sentence:
            self.propose("documents.countersign.silence_means_consent", True, sentence, 0.8)
        for sentence, _ in self.find(rf"批示.{{0,40}}{_NUMBER}(?:日|天)内|{_NUMBER}(?:日|天)内.{{0,10}}报告办理情况"):
            n = re.findall(rf"{_NUMBER}(?:日|天)内", sentence.text)
            self.propose("documents.instruction_report_days", number(n[0]), sentence, 0.6)
            break
        for sentence, m in self.find(r"批示件.{0,20}(?:报告|情况).{0,6}由(.{2,16}?)签发"):
            actors = v.actors(m.group(1))
            if actors:
                self.propose("documents.instruction_report_signer", actors[0], sentence, 0.6)
                break
        sentence, _ = self.first(r"(?:部门|单位)?规范性文件.{0,40}报.{0,6}政府备案")
        if sentence:
            self.propose("documents.department_filing", {"to": ["government"]} | ({"catalogue_published_by": "legal_office"} if re.search(r"目录", " ".join(s.text for s in self.article_sentences(sentence.article))) else {}), sentence, 0.5)
        self._government_filing()
        sentence, m = self.first(rf"(?:注明|标注)[“「\"]?(经{re.escape(v.gov)}同意)")
        if sentence and m:
            self.propose("documents.consent_note", m.group(1), sentence, 0.7)
        for sentence, m in self.find(rf"{_NUMBER}个月内[^。；]{{0,20}}(?:代拟稿|起草|上报)"):
            self.propose("documents.implementation_draft_months", number(m.group(1)), sentence, 0.5)
            break
        sentence, _ = self.first(r"代拟")
        if sentence:
            self.propose("documents.proxy_draft_by_department", True, sentence, 0.5)
        sentence, _ = self.first(r"规范性文件.{0,30}(?:定期)?清理")
        if sentence:
            self.propose("documents.normative_cleanup", True, sentence, 0.6)
        sentence, _ = self.first(r"后评估")
        if sentence and "规范性文件" in " ".join(s.text for s in self.article_sentences(sentence.article)):
            self.propose("documents.normative_post_evaluation", True, sentence, 0.5)
        sentence, _ = self.first(r"规范性文件.{0,40}(?:合法性审查|法制机构审查|审查)")
        if sentence and "legal_office" in v.actors(" ".join(s.text for s in self.article_sentences(sentence.article))):
            self.propose("documents.required_reviews", [{"review": "legality_review", "by": "legal_office",
                                                         "applies_to": "normative_government"}], sentence, 0.5)

    def _government_filing(self) -> None:
        """Where the government files its own normative documents: 「规范性文件，应当向市司法局、
        区人大常委会报送备案」 names each body (a 司法局 of another locality is the superior's);
        「接受区人大及其常委会的监督……依法备案区政府规范性文件」 files with the congress's standing
        committee. A text that has someone 「定期公布…政府制定的规范性文件目录」 names who publishes it."""
        v = self.vocab
        sentence: Sentence | None
        found: tuple[Sentence, dict[str, Any]] | None = None
        for sentence, m in self.find(r"规范性文件[^。；]{0,20}向([^。；]{2,30}?)(?:报送|报请|报)备案"):
            to = []
            for body in re.split(r"[、和及]", m.group(1)):
                if re.search(r"人大常委会|人民代表大会常务委员会", body):
                    to.append("congress_standing_committee")
                elif re.search(r"司法局|司法行政部门|法制(?:机构|办)", body):
                    to.append("legal_office" if body.startswith(v.gov[0]) else "superior_legal_office")
            if to:
                found = (sentence, {"to": list(dict.fromkeys(to))})
                break
        if found is None:
            sentence, _ = self.first(r"人大常委会备案|人民代表大会常务委员会备案"
                                     r"|人大及其常委会[^。；]*依法备案[^。；]{0,10}规范性文件")
            if sentence:
                found = (sentence, {"to": ["congress_standing_committee"]})
        if found is None:
            return
        filed, value = found
        for other in self.article_sentences(filed.article):
            if listing := re.match(r"([^，。；,]{2,14}?)(?:要|应当?)?定期(?:向社会)?公布[^。；]{0,12}?政府制定的规范性[^。；]{0,4}目录",
                                other.text):
                actors = v.actors(listing.group(1))
                if actors:
                    value["catalogue_published_by"] = actors[0]
                break
        self.propose("documents.government_filing", value, filed, 0.6)

    # --- the signing matrix
    def signing(self) -> None:
        """Rows of 「…由区长签发」: the enumerated documents (规范性文件、决定、命令、请示报告、
        党委的重要文件、议案), then 「以政府名义发文」 and 「以办公室名义发文」 as the rows
        for everything else of each issuer, with 「重要的由…签发」 as their exception."""
        v = self.vocab
        gov = re.escape(v.gov)
        kinds = [
            ("normative", r"规范性文件", {"issuer": "government", "normative": True}),
            ("decision", r"决定", {"issuer": "government", "doc_types": ["decision"]}),
            ("order", r"命令", {"issuer": "government", "doc_types": ["order"]}),
            ("upward", r"请示、报告|请示和报告|请示或报告", {"issuer": "government", "doc_types": ["request", "report"]}),
            ("party_committee", r"委(?:报送|呈报)?的重要文件|向[^，。；]{0,6}委报送",
             {"issuer": "government", "addressee": "party_committee", "important": True}),
            ("motion", r"议案", {"issuer": "government", "doc_types": ["motion"]}),
        ]
        for sentence in self.sentences:
            text = sentence.text
            if "签发" not in text or re.search(r"名义", text) or not re.search(r"议案|请示、报告", text):
                continue
            head = re.split(r"[，,](?:经|由)", text, maxsplit=1)[0]
            steps, _ = self._steps(text[len(head):], sentence)
            if not steps:
                continue
            for name, pattern, match in kinds:
                if re.search(pattern, head):
                    self.propose(f"documents.signing.rows.{name}", {"label": _clause(head, pattern), "match": match,
                                                                     "steps": steps}, sentence, 0.6)
            break
        for sentence in self.sentences:
            text = sentence.text
            m = re.match(rf"(?:以)?(?:{gov}|{re.escape(v.gov[0])}政府)(办公(?:室|厅))?名义(?:制发|印发|发文)", text)
            if not m or "签发" not in text:
                continue
            office = m.group(1) is not None
            normative = "规范性文件" in text[:m.end() + 12]
            issuer = "office" if office else "government"
            name = ("office" if office else "government") if not normative else ("office_normative" if office else "normative")
            match = {"issuer": issuer, **({"normative": True} if normative else {})}
            following = [s for s in self.article_sentences(sentence.article)
                         if s.ref == sentence.ref and self.sentences.index(s) == self.sentences.index(sentence) + 1]
            extra = following[0] if following and re.match(r"其中|重要的", following[0].text) else None
            steps, exceptions = self._steps(text[m.end():] + ("。" + extra.text if extra else ""), sentence)
            if not steps:
                continue
            value = {"label": text[:m.end()], "match": match, **({} if normative else {"otherwise": True}), "steps": steps}
            key = f"documents.signing.rows.{name}"
            self.propose(key, value, sentence, 0.5)
            for exception in exceptions:
                self.propose(f"{key}.exceptions.important", exception, sentence, 0.5)
        self._signing_cases()
        self._common_steps()

    def _signing_cases(self) -> None:
        """Cases that move a government document's sign-off: outbound travel, a decision of the
        executive meeting, routine approvals (the schema's matters), as exceptions of the
        government row."""
        v = self.vocab
        key = "documents.signing.rows.government"
        if key not in self.proposals:
            return
        cases = [
            ("outbound_travel", r"出国[^，。；]{0,6}公文[^。；]*?由([^，。；]{1,12}?)(?:审签|签发)", {"matter": "outbound_travel"}),
            ("executive_meeting", r"经[^，。；]{0,8}常务会议(?:讨论)?决定的事项[^。；]*?由([^，。；]{1,12}?)签发",
             {"from_executive_meeting": True}),
            ("routine_approval", r"例行批准手续[^。；]*?由([^，。；]{1,12}?)签发",
             {"important": False, "from_executive_meeting": False, "matter": "routine_approval"}),
        ]
        for name, pattern, when in cases:
            for sentence, m in self.find(pattern):
                signers = v.actors(m.group(1))
                if signers:
                    label = sentence.text.rstrip("。；;")
                    self.propose(f"{key}.exceptions.{name}", {"label": label, "when": when, "sign_off": signers},
                                 sentence, 0.5)
                    break

    def _common_steps(self) -> None:
        """「报政府领导同志签批的公文，需分管领导审核…涉及多位领导分管范围的，需请其他领导会签」:
        steps added to every chain before the sign-off."""
        v = self.vocab
        for sentence, _ in self.find(r"签批的公文[^。]*审核"):
            same = " ".join(s.text for s in self.sentences if s.ref == sentence.ref)
            if not re.search(r"涉及[^。]*分管[^。]*会签", same):
                continue
            steps = []
            review = re.search(r"需?([^，。；]{2,12}?)审核", sentence.text)
            if review and (actors := v.actors(review.group(1))):
                steps.append({"kind": "review", "post": actors[0]})
            steps.append({"kind": "countersign", "post": "related_deputies", "condition": "cross_portfolio"})
            self.propose("documents.signing.common_steps", steps, sentence, 0.5)
            break

    def _steps(self, text: str, sentence: Sentence) -> tuple[list[dict], list[dict]]:
        """「经A、B审核后，由C签发」 → review A, review B, sign-off C; 「其中涉及其他副区长分管工作
        的，须经有关副区长会签」 adds their countersign; 「重要的由D或E签发」 is an exception."""
        v = self.vocab
        exceptions = []
        if m := re.search(r"(重要(?:的|公文)(?:由|报)([^，。；]{1,20}?)签发)", text):
            exceptions.append({"label": m.group(1), "when": {"important": True}, "sign_off": v.actors(m.group(2))})
            text = text[:m.start()]
        steps: list[dict] = []
        for m in re.finditer(r"(?:经|由|须经|并报|报)([^。；]{2,40}?)(审核或会签|审核|会签|把关)", text):
            for actor in v.actors(m.group(1)):
                if any(s["post"] == actor for s in steps):
                    continue
                step = {"kind": "countersign" if "会签" in m.group(2) and actor == "related_deputies"
                        or m.group(2) == "会签" else "review", "post": actor}
                if actor == "related_deputies":
                    step["condition"] = "cross_portfolio"
                steps.append(step)
        signer = None
        for m in re.finditer(r"(?:由|，|,|^)([^，。；经]{1,24}?)签发", text):
            actors = v.actors(m.group(1))
            if actors:
                signer = actors
                break
        if not signer:
            return [], []
        sign = {"kind": "sign_off", "post": signer[0], **({"alternatives": signer[1:]} if signer[1:] else {})}
        # Countersigning comes after the reviews, just before the sign-off.
        steps = [s for s in steps if s["kind"] == "review" and s["post"] not in signer] + \
                [s for s in steps if s["kind"] == "countersign"]
        return steps + [sign], exceptions

    # --- decisions
    def decisions(self) -> None:
        sentence: Sentence | None  # a loop's sentence, or first()'s miss
        steps = [("public_participation", r"公众参与"), ("expert_review", r"专家论证"),
                 ("risk_assessment", r"风险评估"), ("legality_review", r"合法性(?:与合理性|和合理性)?审查"),
                 ("collective_decision", r"集体讨论决定")]
        for sentence in self.sentences:
            found = [(m.start(), code) for code, pattern in steps if (m := re.search(pattern, sentence.text))]
            if len(found) >= 4:
                self.propose("decisions.required_steps", [code for _, code in sorted(found)], sentence, 0.8)
                break
        deciding = {a.no for c in self.rulebook.chapters if "决策" in c.title for a in c.articles}
        for sentence, m in self.find(r"(?:经|由)([^。；]{4,40}?)(?:集体)?讨论(?:和|并)?决定",
                                     where=lambda s: s.article in deciding or bool(re.search(r"决策", s.text))):
            kinds = self._kinds_in(m.group(1))
            if kinds:
                self.propose("decisions.decided_by", kinds, sentence, 0.6)
                break
        else:
            if "meetings.major_matters_decided_by" in self.proposals:
                p = self.proposals["meetings.major_matters_decided_by"]
                self.proposals.setdefault("decisions.decided_by", Proposal("decisions.decided_by", p.value, p.cite, p.sentence, 0.4))
        for key, pattern in (("stability_risk_assessment", r"社会稳定风险评估"),
                             ("implementation_tracking", r"决策.{0,20}(?:执行|实施).{0,20}(?:跟踪|督查|评估)|跟踪.{0,10}决策.{0,10}(?:执行|实施)|决策跟踪"),
                             ("catalog", r"决策(?:事项)?(?:实行)?目录"),
                             ("lifelong_accountability", r"终身责任追究")):
            sentence, _ = self.first(pattern)
            if sentence:
                self.propose(f"decisions.{key}", True, sentence, 0.6)

    # --- contracts
    def contracts(self) -> None:
        v = self.vocab
        for sentence in self.sentences:
            text = sentence.text
            if not re.search(r"协议|合同", text) or not re.search(r"签订|签署", text):
                continue
            reviews = [code for code, pattern in (("legal_adviser_opinion", r"法律顾问"),
                                                  ("legality_review", r"合法性审查|法制机构[^，。；]{0,6}审查|司法局[^，。；]{0,6}审查"),
                                                  ("fair_competition_review", r"公平竞争审查")) if re.search(pattern, text)]
            if reviews:
                self.propose("contracts.required_reviews", reviews, sentence, 0.5)
            if m := re.search(r"经([^。；]{4,40}?)(?:研究通过|审议通过|讨论通过|研究决定|讨论决定)", text):
                kinds = self._kinds_in(m.group(1))
                if kinds:
                    self.propose("contracts.approved_by", kinds, sentence, 0.5)
            if m := re.search(r"(?:签订|签署)(?:协议|合同)的(?:必须|应当)?(?:为|是|由)([^。；]{2,30})", text):
                self.propose("contracts.signers", v.actors(m.group(1)), sentence, 0.5)
            if "contracts.required_reviews" in self.proposals:
                break

    # --- conferences
    def conference(self) -> None:
        sentence: Sentence | None  # a loop's sentence, or first()'s miss
        for sentence in self.sentences:
            text = sentence.text
            if not re.search(r"会议", text):
                continue
            if m := re.search(rf"(?:会议)?(?:用时|时间|时长)(?:原则上|一般)?不(?:超过|得超过){_NUMBER}(小时|分钟)", text):
                n = number(m.group(1)) * (60 if m.group(2) == "小时" else 1)
                self.propose("conference.max_minutes", n, sentence, 0.7)
            if m := re.search(rf"讲话(?:时间)?(?:原则上|一般)?不(?:超过|得超过){_NUMBER}分钟", text):
                self.propose("conference.max_speech_minutes", number(m.group(1)), sentence, 0.7)
            if m := re.search(rf"不(?:超过|得超过){_NUMBER}个半天", text):
                self.propose("conference.max_half_days", number(m.group(1)), sentence, 0.6)
            elif re.search(r"(?:时间|会期)(?:一般|原则上)?不(?:超过|得超过)半天", text):
                self.propose("conference.max_half_days", 1, sentence, 0.6)
            if m := re.search(rf"(?:每个部门|各部门).{{0,30}}每年(?:不超过|不得超过|最多){_NUMBER}次", text):
                self.propose("conference.per_department_per_year", number(m.group(1)), sentence, 0.6)
        sentence, _ = self.first(rf"{re.escape(self.vocab.gov)}?领导(?:同志)?(?:一般)?不(?:出席|参加)(?:部门|各部门)"
                                 rf"|部门[^。；]{{0,30}}(?:一律)?不(?:邀请|请)[^，。；]{{0,6}}(?:{re.escape(self.vocab.head)}|领导)[^，。；]{{0,4}}出席")
        if sentence:
            self.propose("conference.leaders_attend_department_meetings", False, sentence, 0.7)
        for sentence, m in self.find(rf"(?:会议|召开).{{0,60}}提前{_NUMBER}(个工作日|天|日|个月)"):
            unit = m.group(2)
            key = {"个工作日": "conference.request_lead_workdays", "个月": "conference.national_meeting_lead_months"}.get(unit, "conference.request_lead_days")
            self.propose(key, number(m.group(1)), sentence, 0.5)

    # --- leave
    def leave(self) -> None:
        v = self.vocab
        h = re.escape(v.head)
        for sentence in self.sentences:
            text = sentence.text
            if not re.search(r"请假|外出|出差|休假|出访|离(?:区|市|县|省)", text) or re.search(r"会议", text):
                continue
            subject = re.split(r"出访|出差|外出|休假|请假|因公|离[\u4e00-\u9fff]{1,2}(?=期间|外出|出访|出差)|需|应", text, maxsplit=1)[0]
            who = [a for a in v.actors(subject) if a in ("deputy", "executive_deputy", "office_director", "secretary_general", "department_head")]
            if not who:
                continue
            approver = None
            if (m := re.search(r"向(.{2,16}?)请假", text)) or (m := re.search(rf"(?:报告|报经|报请|报)({h}|分管副{h}|{v.gov}?分管(?:领导|负责同志))(?:批准|同意)?", text)):
                named = v.actors(m.group(1))
                approver = named[0] if named else None
            report = None
            if re.search(rf"通报|办公(?:室|厅)报{re.escape(v.head)}", text):
                report = "notify_leaders"
            elif re.search(r"报备|备案|告知", text):
                report = "before_and_after" if re.search(r"返回|回来|结束后|销假", text) else "before"
            if report is None:
                # 「出访、出差、休假情况要在事前及事后向办公厅报告备案」 in a sentence of its own.
                later = next((s for s in self.article_sentences(sentence.article)
                              if re.search(r"事前(?:及|和|、)?事后", s.text)), None)
                if later is not None:
                    report, sentence_of_report = "before_and_after", later
            else:
                sentence_of_report = sentence
            for post in who:
                post = "deputy" if post == "executive_deputy" else post
                if approver:
                    self.propose(f"leave.{post}.approver", approver, sentence, 0.6)
                if report:
                    self.propose(f"leave.{post}.office_report", report, sentence_of_report, 0.5)

    # --- emergency
    def emergency(self) -> None:
        sentence: Sentence | None  # a loop's sentence, or first()'s miss
        for sentence, m in self.find(rf"{_NUMBER}分钟内.{{0,6}}报告|{_NUMBER}分钟内(?:电话)?报"):
            if re.search(r"突发|紧急|应急|事件", sentence.text):
                self.propose("emergency.report_minutes", number(m.group(1) or m.group(2)), sentence, 0.8)
                break
        pattern = r"重大(?:情况|问题|事项|突发事件).{0,20}(?:及时|立即|第一时间).{0,6}(?:报告|上报)"
        sentence, _ = self.first(pattern, where=lambda s: bool(re.search(r"突发|应急|紧急|信息", s.text)))
        if sentence is None:
            sentence, _ = self.first(pattern)
        if sentence:
            self.propose("emergency.major_situations_reported", True, sentence, 0.6)

    # --- supervision
    def supervision(self) -> None:
        sentence: Sentence | None  # a loop's sentence, or first()'s miss
        v = self.vocab
        # 「由区政府办公室负责督办」 is the same duty as 「…负责督查」.
        for sentence, m in self.find(r"(.{2,14}?)(?:要|应)?(?:负责|牵头|加强)(?:[^，。；]{0,10})?(?:督查|督促检查|督办)|督查(?:工作)?由(.{2,14}?)(?:负责|承担)"):
            actors = [a for a in v.actors(m.group(1) or m.group(2)) if a in ("office", "supervision_office")]
            if actors:
                self.propose("supervision.office", actors[-1], sentence, 0.6)
                break
        for key, pattern in (("ledger", r"台账"), ("resolutions_tracked", r"(?:会议|决定|决议|议定)事项.{0,30}(?:督查|督办|跟踪|负责落实)"),
                             ("no_duplicate_inspection", r"重复(?:督查|检查)|多头督查"), ("follow_up_review", r"回头看|复查")):
            sentence, _ = self.first(pattern)
            if sentence:
                self.propose(f"supervision.{key}", True, sentence, 0.5)

    # --- disclosure
    def disclosure(self) -> None:
        sentence: Sentence | None  # a loop's sentence, or first()'s miss
        for sentence in self.sentences:
            if re.search(r"公开|公布", sentence.text) and re.search(r"会议", sentence.text):
                kinds = self._kinds_in(sentence.text)
                if kinds and re.search(r"讨论决定|决定的事项|议定|决策", sentence.text):
                    self.propose("disclosure.meeting_decisions", kinds, sentence, 0.6)
                    break
        policy = r"政策.{0,40}(?:公开|解读|公布)|(?:公开|解读|公布).{0,10}政策"
        sentence, _ = self.first(policy, where=lambda s: "disclosure.meeting_decisions" in self.proposals
                                 and s.ref == self.proposals["disclosure.meeting_decisions"].cite)
        if sentence is None:
            sentence, _ = self.first(policy)
        if sentence:
            self.propose("disclosure.policies", True, sentence, 0.5)
        sentence, _ = self.first(r"(?:制发|印发)的公文.{0,20}(?:公开|公布)")
        if sentence:
            self.propose("disclosure.government_documents", True, sentence, 0.5)
        sentence, _ = self.first(r"保密审查")
        if sentence:
            self.propose("disclosure.confidentiality_review", True, sentence, 0.5)
        sentence, _ = self.first(r"政策解读|解读.{0,10}(?:同步|同时)")
        if sentence:
            self.propose("disclosure.interpretation_with_policy", True, sentence, 0.5)


# Conventional names of exceptions by the words that make them; anything else is `special`.
_EXCEPTION_NAMES = [
    (r"临时受理议题|临时(?:提交|增加)议题", "late_topic"), (r"临时召开|随时召开|如有需要", "ad_hoc"), (r"特殊紧急", "special_urgent"), (r"另有时限", "lead_department_deadline"),
    (r"商定", "agreed_extension"), (r"不能按(?:时|期)", "late_explained"), (r"主持工作的负责", "acting_head"),
    (r"共同审批", "joint_approval"), (r"本部门(?:的)?会议", "own_department"), (r"安排其他|指定其他", "head_assigns_other"),
    (r"重大修改", "major_revision"), (r"交办", "leader_assigned"), (r"绝密", "top_secret"), (r"保密", "confidential"),
    (r"突发", "emergency"), (r"紧急", "urgent"), (r"原则上", "in_principle"),
    # The cases for which a leader may miss a meeting (「除参加…会议或活动、因公出访或出差、…外」).
    (r"^参加[^，。；]*(?:会议|活动)$", "higher_meetings"), (r"^因公(?:出访|出差|外出)", "official_travel"),
    (r"身体|健康|因病", "health"),
]


_POST_END = r"(?:长|主任|主席|书记|负责人|负责同志|人员|顾问|委员|代表|专家|学者|媒体)$"
_SAME_BODIES_POST = r"(?:分管|主要|其他)?负责(?:人|同志)|副(?:主任|职)"


def _observer_groups(text: str) -> list[str]:
    """The groups an invitation names, as the text groups them: 「A,B,C」 are three; 「副秘书长和
    有关部门、单位负责人」 two (the first is a post of its own); 「各镇(街道)和各有关部门、单位主要
    负责人」 one (the title at the end is both bodies'); 「区人大常委会有关副主任、区政协有关副主席」
    two (each a post of its own), but 「…主要负责人、分管负责人」 one (the second is the same
    bodies' other post); a closing 「等」 is not part of the last group."""
    groups = []
    for part in re.split(r"[，,]", text):
        pieces = re.split(r"(和|或|、)", part)
        current = pieces[0]
        for joint, piece in zip(pieces[1::2], pieces[2::2], strict=True):
            own_post = re.search(_POST_END, current) is not None
            if own_post and (joint != "、" or not re.fullmatch(_SAME_BODIES_POST, piece)):
                groups.append(current)
                current = piece
            else:
                current += joint + piece
        groups.append(re.sub(r"等$", "", current))
    return [g for g in groups if g]


# Subject matters a text reserves to a higher post (「涉及财政资金使用、…、土地使用等事项的纪要须经区长审定」).
_MATTERS = [(r"财政资金", "fiscal_funds"), (r"收费[^、，。；]{0,12}减免|减免[^、，。；]{0,6}收费", "fee_waivers"),
            (r"国有资产", "state_assets"), (r"公共资源", "public_resources"), (r"特许经营", "concessions"),
            (r"土地", "land_use")]


def _matters(text: str) -> list[str]:
    found = [(m.start(), code) for pattern, code in _MATTERS if (m := re.search(pattern, text))]
    return [code for _, code in sorted(found)]


def _label(text: str) -> str:
    """A label as the reader sees it: a comma between Chinese words is the Chinese comma, whatever
    the copy made of it (「专题会议,纪要」 → 「专题会议，纪要」)."""
    return re.sub(r"(?<=[\u4e00-\u9fff）)])\s*,\s*(?=[\u4e00-\u9fff（(])", "，", text.strip("。； "))


def _cases(text: str) -> list[str]:
    """The cases of 「除A、B、C等原因外」, each an exception of its own: 「参加国家、省、市及区委重要会议
    或活动、因公出访或出差、处置重大突发事件」 are three — a piece of one or two characters (「国家」
    three: a piece ending in a level of government (「参加国家」「省」) names one of several levels
    that share the words after it, so it stays with the next piece."""
    cases: list[str] = []
    glue = False
    for piece in text.split("、"):
        if cases and glue:
            cases[-1] += "、" + piece
        else:
            cases.append(piece)
        glue = re.search(r"(?:国家|中央|省|自治区|市|州|盟|县|区|旗|乡|镇)(?:委|政府)?$", piece) is not None
    return cases


def _exception_name(label: str) -> str:
    return next((name for pattern, name in _EXCEPTION_NAMES if re.search(pattern, label)), "special")


def _clause(text: str, pattern: str) -> str:
    """The words of an enumeration that name one kind of document (「向市政府报送的请示、报告」)."""
    for part in re.split(r"[，,；]", text):
        if re.search(pattern, part):
            return part.strip()
    return text


def meeting_kinds(text: str, head: str) -> list[str]:
    """The meeting kinds a phrase names (「县政府常务会议、县长办公会议」), in the schema's order."""
    h = re.escape(head)
    words = {kind: (word or rf"{h}办公会议|{h}专题办公会议") for kind, word in MEETING_WORDS.items()}
    words["topical"] = rf"(?<!{h})专题会议|业务会议|(?<!{h})专题办公会议"
    return [kind for kind, word in words.items() if re.search(word, text)]


def _occasions(text: str) -> list[str]:
    found = []
    for pattern, code in ((r"出国|出访|出境", "abroad"),
                          (r"外出|离(?:区|市|县|省|开)|离[\u4e00-\u9fff](?=期间|外出|出访|出差|执行)|出[区市县省镇乡](?![长政])|出差|不在", "out_of_area"),
                          (r"请假|休假|病假", "leave"),
                          (r"同时有(?:多个|多项|两个以上)[^，。；]{0,8}活动", "concurrent_duties")):
        if re.search(pattern, text):
            found.append(code)
    return found


def draft(rulebook: Rulebook, default_facts: dict[str, dict] | None = None) -> Draft:
    """Every value the drafter finds in the text; with `default_facts` (the default profile's
    facts, keyed by profile path) what it does not find is listed as inherited."""
    drafter = Drafter(rulebook)
    proposals = drafter.run()
    result = Draft(rulebook_id=rulebook.id, title=rulebook.title, head_title=drafter.vocab.head,
                   level=level_of(drafter.vocab), proposals=proposals)
    found = {p.key for p in proposals}
    for key, fact in (default_facts or {}).items():
        if key not in found:
            result.inherited[key] = fact["value"]
    return result
