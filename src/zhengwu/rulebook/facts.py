"""Facts: the flat quick-reference view of a profile, and the comparison of two profiles.

Every leaf of a profile becomes one fact `key → {value, cite, inherited_from}`; a few keys are
renamed to the quick-reference names users ask for first (`head.title`,
`documents.countersign_reply_workdays`), and the keys of the quick reference are always present,
`null` where the text gives nothing. Named exceptions are facts of their own
(`<key>.exceptions.<name>`), so each is cited and tested like the rule it overrides.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from zhengwu.rulebook.profile import Profile, RowException, SigningRow

# Quick-reference keys with their place in the profile (None: computed below).
_RENAMED = {
    "posts.head": "head.title",
    "posts.office_director": "office.director_title",
    "posts.secretary_general": "office.director_title",
    "documents.countersign.reply_workdays": "documents.countersign_reply_workdays",
    "documents.countersign.silence_means_consent": "documents.countersign_silence_means_consent",
}
_ALWAYS = [
    "head.title",
    "office.director_title",
    "acting.head_absent",
    "acting.deputy_absent",
    "meetings.types",
]
_PER_MEETING = ["chair", "cadence", "minutes_signer", "minutes_countersign"]
_ALWAYS_AFTER_MEETINGS = [
    "meetings.executive.materials_lead_workdays",
    "meetings.executive.issue_within_workdays",
    "documents.countersign_reply_workdays",
    "documents.countersign_silence_means_consent",
    "documents.request_lead_workdays.normal",
    "documents.request_lead_workdays.urgent",
    "documents.instruction_report_days",
    "emergency.report_minutes",
    "conference.max_minutes",
    "conference.max_speech_minutes",
    "leave.deputy.approver",
    "leave.department_head.approver",
]


def quick_reference_keys(profile: Profile) -> list[str]:
    """The keys every profile's facts have (meeting keys only for the types it has)."""
    keys = list(_ALWAYS)
    types = profile.meetings.types.value if profile.meetings and profile.meetings.types else []
    for kind in types:
        keys += [f"meetings.{kind}.{field}" for field in _PER_MEETING]
    return keys + _ALWAYS_AFTER_MEETINGS


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _cite(profile: Profile, cite) -> str | list[str] | None:
    if cite is None:
        return None
    if isinstance(cite, str):
        return profile.qualify(cite)
    qualified = [profile.qualify(c) for c in cite]
    return qualified[0] if len(qualified) == 1 else qualified


def _fact(profile: Profile, value, holder) -> dict:
    return {
        "value": _plain(value),
        "cite": _cite(profile, holder.cite),
        "inherited_from": holder.inherited_from,
    }


def _exception_value(exc) -> dict:
    if isinstance(exc, RowException):
        data = exc.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        return {k: v for k, v in data.items() if k not in ("name", "cite", "inherited_from")}
    found = {"label": exc.label}
    for name in ("value", "approver", "matters"):
        if getattr(exc, name) not in (None, []):
            found[name] = _plain(getattr(exc, name))
    return found


def facts(profile: Profile) -> dict[str, dict]:
    """`{"<key>": {"value", "cite", "inherited_from"}}`: quick-reference keys first."""
    found: dict[str, dict] = {key: {"value": None, "cite": None, "inherited_from": None} for key in quick_reference_keys(profile)}
    for path, holder in profile.leaves():
        key = _RENAMED.get(path, path)
        if isinstance(holder, SigningRow):
            data = holder.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
            value = {k: data[k] for k in ("match", "otherwise", "steps") if k in data}
        else:
            value = holder.value
        found[key] = _fact(profile, value, holder)
        for exc in holder.exceptions:
            found[f"{key}.exceptions.{exc.name}"] = _fact(profile, _exception_value(exc), exc)
    signing = profile.documents.signing if profile.documents else None
    if signing is not None and signing.common_steps:
        cite = _cite(profile, signing.common_steps_cite)
        found["documents.signing.common_steps"] = {
            "value": _plain(signing.common_steps),
            "cite": cite,
            # The loader drops the cite of an inherited matrix; a matrix of one's own keeps it.
            "inherited_from": None if cite else profile.inherits,
        }
    return found


def diff(a: Profile, b: Profile) -> list[dict]:
    """Every fact whose value differs between two profiles, each side with its provenance."""
    fa, fb = facts(a), facts(b)
    empty = {"value": None, "cite": None, "inherited_from": None}
    rows = []
    for key in list(fa) + [k for k in fb if k not in fa]:
        left, right = fa.get(key, empty), fb.get(key, empty)
        if left["value"] != right["value"]:
            rows.append({"key": key, a.id: left, b.id: right})
    return rows
