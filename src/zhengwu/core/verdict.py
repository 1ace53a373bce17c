"""Verdicts: the one shape every rule check returns (DESIGN: "every check is a verdict").

A refusal carries reasons; each reason has a stable code for machines, a Chinese message for
people and the article id (`dalian-2014:45`) that decided it, so every page, API error and
audit event can show the rule behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    cite: str | None = None
    who: str | None = None  # who may do it instead, in Chinese (「政府首长或办公室主任」), when the rule names them

    def as_dict(self) -> dict:
        found = {"code": self.code, "message": self.message, "cite": self.cite}
        return {**found, "who": self.who} if self.who else found


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @classmethod
    def passed(cls) -> "Verdict":
        return cls(True, ())

    @classmethod
    def refused(cls, code: str, message: str, cite: str | None = None, who: str | None = None) -> "Verdict":
        return cls(False, (Reason(code, message, cite, who),))

    def __and__(self, other: "Verdict") -> "Verdict":
        """Both checks must pass; a combined refusal keeps every reason, in order."""
        return Verdict(self.ok and other.ok, self.reasons + other.reasons)

    @classmethod
    def all(cls, verdicts) -> "Verdict":
        result = cls.passed()
        for verdict in verdicts:
            result = result & verdict
        return result

    def raise_if_refused(self) -> None:
        if not self.ok:
            raise RuleViolation(self)


class RuleViolation(Exception):
    """An illegal step: raised by state machines and services, carrying the verdict."""

    def __init__(self, verdict: Verdict):
        self.verdict = verdict
        super().__init__("；".join(r.message for r in verdict.reasons) or "不符合规则")
