"""The signing matrix query: who reviews, countersigns and signs a document (签发).

Implements the 公文审批/公文审核签发 articles of every profile (e.g. 大洼 45–46, 大连 47–48,
西市 31): a document is matched against the profile's rows by issuer, type, addressee,
normative or not, importance, approval at a 常务会议 and special matters; the row's named
exceptions (「重要的由区长签发」) then move the sign-off, and the matrix's common steps
(西市 31(八): other leaders countersign what touches their portfolios) are added before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhengwu.rulebook.profile import Match, Profile, SigningMatrix, SigningRow, SigningStep


@dataclass(frozen=True)
class Step:
    kind: str  # review | countersign | sign_off
    post: str
    cite: str | None
    alternatives: tuple[str, ...] = ()  # posts that may equally take this step (「常务副区长或区长」)
    condition: str | None = None  # e.g. cross_portfolio: only where the document touches it
    inherited_from: str | None = None

    @property
    def posts(self) -> tuple[str, ...]:
        return (self.post, *self.alternatives)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "post": self.post,
            "alternatives": list(self.alternatives),
            "condition": self.condition,
            "cite": self.cite,
            "inherited_from": self.inherited_from,
        }


class SigningError(Exception):
    """The profile names no signer for such a document (its text is silent)."""


@dataclass
class SigningConflict(Exception):
    message: str
    rows: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Resolution:
    row: SigningRow
    exceptions: tuple  # the row's exceptions that applied, in order
    steps: tuple[tuple[SigningStep, object], ...]  # (step, where its cite comes from)


def _matches(match: Match, doc: dict) -> bool:
    if match.issuer is not None and match.issuer != doc["issuer"]:
        return False
    if match.doc_types is not None and doc["doc_type"] not in match.doc_types:
        return False
    for key in ("addressee", "normative", "important", "from_executive_meeting", "matter"):
        wanted = getattr(match, key)
        if wanted is not None and wanted != doc[key]:
            return False
    return True


def _shape(steps) -> tuple:
    return tuple((s.kind, s.post, tuple(s.alternatives), s.condition) for s, _ in steps)


def _apply(row: SigningRow, signing: SigningMatrix, doc: dict) -> Resolution:
    applied = tuple(e for e in row.exceptions if _matches(e.when, doc))
    movers = [(e, e.sign_off) for e in applied if e.sign_off is not None]
    if len({tuple(posts) for _, posts in movers}) > 1:
        names = "、".join(e.name for e, _ in movers)
        raise SigningConflict(
            f"规则 {row.name} 的例外 {names} 对同一公文（{_describe(doc)}）指定了不同的签发人",
            (row.name, *(e.name for e, _ in movers)),
        )
    steps: list[tuple[SigningStep, object]] = [(s, row) for s in row.steps if s.kind != "sign_off"]
    for exc in applied:
        steps += [(s, exc) for s in exc.add_steps]
    steps += [(s, signing) for s in signing.common_steps]
    sign_off = row.steps[-1]
    source: object = row
    if movers:
        mover, (first, *alternatives) = movers[0]
        sign_off = SigningStep(kind="sign_off", post=first, alternatives=alternatives)
        source = mover
    unique: list[tuple[SigningStep, object]] = []
    for step, origin in steps:
        # A review by the very post that signs adds nothing (西市 31(三) with 31(八)).
        if step.kind == "review" and not sign_off.alternatives and step.post == sign_off.post:
            continue
        if all((s.kind, s.post) != (step.kind, step.post) for s, _ in unique):
            unique.append((step, origin))
    return Resolution(row, applied, tuple(unique + [(sign_off, source)]))


def _describe(doc: dict) -> str:
    parts = [k if v is True else f"{k}={v}" for k, v in doc.items() if v not in (None, False)]
    return "，".join(parts)


def resolve(
    signing: SigningMatrix,
    *,
    issuer: str,
    doc_type: str,
    addressee: str | None = None,
    normative: bool = False,
    important: bool = False,
    from_executive_meeting: bool = False,
    matter: str | None = None,
) -> Resolution | None:
    """The row that decides a document, or None when no row (and no fallback) covers it.

    Rows are meant to be exclusive; where two rows match the same document they must agree,
    otherwise the matrix is contradictory and SigningConflict names both rows.
    """
    doc = {
        "issuer": issuer,
        "doc_type": doc_type,
        "addressee": addressee,
        "normative": normative,
        "important": important,
        "from_executive_meeting": from_executive_meeting,
        "matter": matter,
    }
    rows = [r for r in signing.rows if not r.otherwise and _matches(r.match, doc)]
    if not rows:
        rows = [r for r in signing.rows if r.otherwise and _matches(r.match, doc)]
    if not rows:
        return None
    resolutions = [_apply(r, signing, doc) for r in rows]
    first = resolutions[0]
    for other in resolutions[1:]:
        if _shape(other.steps) != _shape(first.steps):
            raise SigningConflict(
                f"规则 {first.row.name} 与 {other.row.name} 同时适用于同一公文（{_describe(doc)}），"
                f"但签发流程不同",
                (first.row.name, other.row.name),
            )
    return first


def chain(
    profile: Profile,
    issuer: str,
    doc_type: str,
    *,
    important: bool = False,
    normative: bool = False,
    from_executive_meeting: bool = False,
    addressee: str | None = None,
    matter: str | None = None,
    cross_portfolio: bool | None = None,
) -> list[Step]:
    """The ordered review → countersign → sign_off steps the profile requires.

    `cross_portfolio` says whether the document touches other deputies' portfolios: True
    keeps the steps conditioned on it, False drops them, None (not known yet) keeps them
    marked with their condition.
    """
    signing = profile.documents.signing if profile.documents else None
    resolution = None
    if signing is not None:
        resolution = resolve(
            signing,
            issuer=issuer,
            doc_type=doc_type,
            addressee=addressee,
            normative=normative,
            important=important,
            from_executive_meeting=from_executive_meeting,
            matter=matter,
        )
    if resolution is None:
        raise SigningError(f"{profile.name}的工作规则没有规定此类公文由谁签发（发文机关 {issuer}，文种 {doc_type}）")
    steps = []
    for step, origin in resolution.steps:
        if step.condition == "cross_portfolio" and cross_portfolio is False:
            continue
        cite, inherited = _provenance(profile, step, origin)
        steps.append(
            Step(
                kind=step.kind,
                post=step.post,
                cite=cite,
                alternatives=tuple(step.alternatives),
                condition=None if cross_portfolio else step.condition,
                inherited_from=inherited,
            )
        )
    return steps


def _provenance(profile: Profile, step: SigningStep, origin) -> tuple[str | None, str | None]:
    if step.cite is not None:
        return profile.qualify(step.cite), None
    if isinstance(origin, SigningMatrix):
        cite = origin.common_steps_cite
    else:
        cite = origin.cite
    inherited = getattr(origin, "inherited_from", None)
    if cite is None:
        return None, inherited
    first = cite if isinstance(cite, str) else cite[0]
    return profile.qualify(first), inherited
