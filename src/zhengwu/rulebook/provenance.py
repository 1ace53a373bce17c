"""One way from a profile value to its cite and to the words of a refusal resting on it.

Every domain reads a rule through here: `rule(profile, key)` (or `rule_of(profile, leaf)` for a
leaf already in hand) gives the value, the cite a verdict carries, and how a message names its
basis; `refusal(code, message, rule_or_cite)` is the verdict.

An inherited value (the locality's text is silent, the value comes from the default) is handled
one way everywhere: it never poses as the locality's own article. Its cite is the default's cite
only where the default took the value from a national law (《政府信息公开条例》第三十三条 binds
every government); a default value generalised from other localities' texts is never cited for
this one. Its message says «本规则未作规定，沿用…» — the law, or the default rule.

A locality's own value whose common rule the default takes from a national law (《党政机关公文处理
工作条例》第十五条第（四）项 behind 「请示一文一事」, 《政府信息公开条例》第十七条 behind the
confidentiality review) carries that law too (`Rule.laws`): its basis names the local article and
then the law. A check whose rule rests on a national article the profile does not hold (each
step of 《重大行政决策程序暂行条例》) passes it as `refusal(..., law=…)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from zhengwu.core.verdict import Verdict
from zhengwu.rulebook.cite import basis, describe
from zhengwu.rulebook.profile import DEFAULT_ID, Leaf, NamedException, Profile, load_profile

INHERITED = "本规则未作规定，沿用"
DEFAULT_RULE = "默认规则（各地工作规则的共同规定）"


def leaf_at(profile: Profile, key: str) -> Leaf | None:
    """The leaf at a dotted schema path (`disclosure.request_reply_workdays`), or None."""
    node: Any = profile
    for part in key.split("."):
        node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
        if node is None:
            return None
    return node if isinstance(node, Leaf) else None


def _cites(holder) -> list[str]:
    cite = getattr(holder, "cite", None)
    return [cite] if isinstance(cite, str) else list(cite or [])


def _law_cite(holder) -> str | None:
    return next((c for c in _cites(holder) if c.startswith("law-")), None)


def _is_law(cite: str) -> bool:
    return cite.startswith("law-")


@cache
def _default_laws() -> dict[str, tuple[str, ...]]:
    """Key → the national articles the default rests a common rule on."""
    return {key: laws for key, leaf in load_profile(DEFAULT_ID).leaves()
            if (laws := tuple(c for c in _cites(leaf) if _is_law(c)))}


def _laws_for(key: str | None, own: tuple[str, ...]) -> tuple[str, ...]:
    if key is None or not own:
        return ()
    return tuple(c for c in _default_laws().get(key, ()) if c not in own)


def _bases(cites: Iterable[str]) -> str:
    return "；".join(basis(c) for c in dict.fromkeys(cites))


@dataclass(frozen=True)
class Rule:
    """A profile value as a check sees it.

    `cites` are the articles (qualified) the locality's text rests it on; empty when inherited.
    `cite` is what a verdict carries: the first own article, or for an inherited value the
    default's law cite (None when the default only generalises other texts, or when the profile
    has no such rule at all)."""

    value: Any
    cite: str | None
    inherited_from: str | None = None
    cites: tuple[str, ...] = ()
    exceptions: tuple = ()
    key: str | None = None
    laws: tuple[str, ...] = ()  # national articles behind the locality's own rule (see the module doc)

    @property
    def inherited(self) -> bool:
        return self.inherited_from is not None

    @property
    def basis(self) -> str:
        """「依据《…》第…条」, or «本规则未作规定，沿用…» for an inherited value; "" when absent."""
        if self.cites:
            own = "，".join(basis(c) for c in self.cites)
            return "；".join([own, _bases(self.laws)]) if self.laws else own
        if self.inherited:
            return INHERITED + (describe(self.cite) if self.cite else DEFAULT_RULE)
        return basis(self.cite) if self.cite else ""

    @property
    def inherited_note(self) -> str:
        """「（本规则未作规定，沿用…）」 for an inherited value, "" for the locality's own rule:
        for a message whose own article is carried by the verdict's cite alone."""
        return f"（{self.basis}）" if self.inherited else ""

    @property
    def law_note(self) -> str:
        """「（依据《…条例》第…条）」 for the national text behind the locality's own rule, "" when
        none: for a message whose own article is carried by the verdict's cite alone."""
        return f"（{_bases(self.laws)}）" if self.laws else ""

    def exception(self, name: str) -> NamedException | None:
        """The named exception of this rule, or None when the profile has no such exception."""
        return next((e for e in self.exceptions if e.name == name), None)

    def exception_rule(self, name: str, profile: Profile) -> Rule | None:
        found = self.exception(name)
        return _rule(profile, found, self.key, name) if found is not None else None

    def exception_cite(self, name: str, profile: Profile) -> str | None:
        found = self.exception_rule(name, profile)
        return found.cite if found is not None else None


def _default_law_cite(key: str | None, exception: str | None) -> str | None:
    if key is None:
        return None
    leaf = leaf_at(load_profile(DEFAULT_ID), key)
    base = leaf.exception(exception) if leaf is not None and exception is not None else leaf
    return _law_cite(base) if base is not None else None


def _rule(profile: Profile, holder, key: str | None, exception: str | None = None) -> Rule:
    cites = tuple(profile.qualify(c) for c in _cites(holder))
    inherited_from = getattr(holder, "inherited_from", None)
    cite: str | None
    if cites:
        cite = cites[0]
    elif inherited_from == DEFAULT_ID:
        cite = _default_law_cite(key, exception)
    else:
        cite = None
    return Rule(getattr(holder, "value", None), cite, inherited_from, cites,
                tuple(getattr(holder, "exceptions", ()) or ()), key,
                _laws_for(key, cites) if exception is None else ())


def rule(profile: Profile, key: str, default: Any = None) -> Rule:
    """The profile's rule at a key path (`documents.incoming.addressed_to_office`); a rule the
    profile (and the default) lacks has `default` as its value and no cite. Kept per profile
    (profiles and rules are immutable): every step of a batch asks the same few."""
    entry = _KEPT_RULES.get(id(profile))
    if entry is None or entry[0] is not profile:
        if len(_KEPT_RULES) >= _PROFILES_KEPT:
            _KEPT_RULES.clear()
        entry = _KEPT_RULES[id(profile)] = (profile, {})
    try:
        return entry[1][(key, default)]
    except KeyError:
        found = entry[1][(key, default)] = _rule_at(profile, key, default)
        return found
    except TypeError:  # an unhashable default: not kept
        return _rule_at(profile, key, default)


# id(profile) → (the profile, {(key, default): its rule}); the profile is held so its id is not reused.
_KEPT_RULES: dict[int, tuple[Profile, dict]] = {}
_PROFILES_KEPT = 64


def _rule_at(profile: Profile, key: str, default: Any) -> Rule:
    leaf = leaf_at(profile, key)
    if leaf is None:
        return Rule(default, None, key=key)
    return _rule(profile, leaf, key)


def _key_of(profile: Profile, holder) -> tuple[str | None, str | None]:
    for key, leaf in profile.leaves():
        if leaf is holder:
            return key, None
        for exc in getattr(leaf, "exceptions", None) or ():
            if exc is holder:
                return key, exc.name
    return None, None


def rule_of(profile: Profile, holder) -> Rule:
    """`rule` for a leaf, signing row or named exception already taken from the profile."""
    if holder is None:
        return Rule(None, None)
    key, exception = (None, None)
    if not _cites(holder) and getattr(holder, "inherited_from", None) == DEFAULT_ID:
        key, exception = _key_of(profile, holder)  # only an inherited value needs the default's
    elif _cites(holder):  # an own value: the few keys the default rests on a law
        key = next((k for k in _default_laws() if leaf_at(profile, k) is holder), None)
    return _rule(profile, holder, key, exception)


def rule_cite(profile: Profile, key: str, exception: str | None = None) -> str | None:
    """The cite of the leaf at `key` (or of its named exception) for a verdict of this tenant."""
    found = rule(profile, key)
    if exception is not None:
        sub = found.exception_rule(exception, profile)
        return sub.cite if sub is not None else None
    return found.cite


def _laws(law: str | Iterable[str] | None) -> tuple[str, ...]:
    return (law,) if isinstance(law, str) else tuple(law or ())


def with_basis(message: str, cite: str | Rule | None, law: str | Iterable[str] | None = None) -> str:
    """「…（依据《…》第…条）」 or 「…（本规则未作规定，沿用…）」: a message with its basis; `law`
    adds the national articles the rule rests on (「…；依据《重大行政决策程序暂行条例》第十四条」)."""
    said = cite.basis if isinstance(cite, Rule) else basis(cite) if cite else ""
    if isinstance(cite, Rule):
        said_already = {*cite.cites, *cite.laws, *([cite.cite] if cite.cite else [])}
    else:
        said_already = {cite} if cite else set()
    extra = [c for c in _laws(law) if c not in said_already]
    if extra:
        said = "；".join(p for p in (said, _bases(extra)) if p)
    return f"{message}（{said}）" if said else message


def refusal(code: str, message: str, cite: str | Rule | None, *, law: str | Iterable[str] | None = None) -> Verdict:
    """A refusal whose message ends with the article it rests on (「（依据…第二十条）」), and the
    national articles behind it (`law`, and a Rule's own `laws`).

    Pass the `Rule` (from `rule(profile, key)`) rather than its cite where the value may be
    inherited: the message then says «本规则未作规定，沿用…» instead of citing nothing. Where the
    rule has no article of its own, the first national article is the verdict's cite."""
    own = cite.cite if isinstance(cite, Rule) else cite
    return Verdict.refused(code, with_basis(message, cite, law), own or next(iter(_laws(law)), None))
