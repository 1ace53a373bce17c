"""A drafted profile against a hand-written one: every value of the hand profile, right (same
value and a cite the hand profile also gives), wrong (drafted differently, or cited elsewhere) or
missed (not drafted), plus the values the draft proposes that the hand profile does not have.

Every leaf of the hand profile counts — signing rows, pipelines, exceptions and inherited values
included — so the share says how much of the whole profile the drafter produces, not how well it
does on the values it tries. Pure: profiles in, numbers out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from zhengwu.rulebook.drafting import Draft
from zhengwu.rulebook.profile import Profile, RowException, SigningRow


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _cites(profile: Profile, cite) -> list[str]:
    if cite is None:
        return []
    return [profile.qualify(c) for c in ([cite] if isinstance(cite, str) else cite)]


def hand_values(profile: Profile) -> dict[str, dict]:
    """`{path: {"value", "cites", "inherited"}}` for every leaf, exception and signing row."""
    found: dict[str, dict] = {}
    for path, holder in profile.leaves():
        if isinstance(holder, SigningRow):
            data = holder.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
            value = {k: data[k] for k in ("match", "otherwise", "steps") if k in data}
        else:
            value = _plain(holder.value)
        found[path] = {"value": value, "cites": _cites(profile, holder.cite),
                       "inherited": holder.inherited_from is not None}
        for exc in holder.exceptions:
            if isinstance(exc, RowException):
                data = exc.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
                exc_value = {k: v for k, v in data.items() if k not in ("name", "cite", "inherited_from")}
            else:
                exc_value = {"label": exc.label}
                for name in ("value", "approver", "matters"):
                    if getattr(exc, name) not in (None, []):
                        exc_value[name] = _plain(getattr(exc, name))
            found[f"{path}.exceptions.{exc.name}"] = {"value": exc_value, "cites": _cites(profile, exc.cite),
                                                       "inherited": exc.inherited_from is not None}
    signing = profile.documents.signing if profile.documents else None
    if signing is not None and signing.common_steps:
        found["documents.signing.common_steps"] = {"value": _plain(signing.common_steps),
                                                   "cites": _cites(profile, signing.common_steps_cite),
                                                   "inherited": not signing.common_steps_cite}
    return found


def _same(drafted: Any, hand: Any, key: str) -> bool:
    if ".rows." in key and ".exceptions." not in key and isinstance(drafted, dict):
        drafted = {k: v for k, v in drafted.items() if k != "label"}  # the row's label is the text's words
    return drafted == hand


@dataclass
class Score:
    right: list[str] = field(default_factory=list)
    wrong: list[tuple[str, Any, Any]] = field(default_factory=list)  # key, drafted, hand
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # drafted, absent from the hand profile
    inherited_right: list[str] = field(default_factory=list)
    inherited_wrong: list[str] = field(default_factory=list)

    @property
    def cited_total(self) -> int:
        return len(self.right) + len(self.wrong) + len(self.missed)

    def share(self, part: list) -> float:
        return len(part) / self.cited_total if self.cited_total else 0.0


def compare(draft: Draft, hand: Profile) -> Score:
    """Score every value of the hand profile. A value the hand profile cites is right when the
    draft has the same value cited to one of the hand profile's articles; a value the hand
    profile inherits is right when the draft proposes nothing for it (it inherits too)."""
    score = Score()
    values = hand_values(hand)
    drafted = {p.key: p for p in draft.proposals}
    for key, want in values.items():
        got = drafted.get(key)
        if want["inherited"]:
            (score.inherited_right if got is None else score.inherited_wrong).append(key)
            continue
        if got is None:
            score.missed.append(key)
        elif _same(got.value, want["value"], key) and hand.qualify(got.cite) in want["cites"]:
            score.right.append(key)
        else:
            score.wrong.append((key, got.value, want["value"]))
    score.extra = [key for key in drafted if key not in values]
    return score
