"""The registry of rules texts: those shipped in the package — the seed rulebooks (`sources/`)
and the national laws they build on (`law/`), a text's id being its file stem (`dawa-2017`,
`law-gongwen-2012`) — and those added at run time (stored in the database by `onboarding`,
which registers them here after parsing, so cites, search and profiles treat them alike)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from zhengwu.rulebook.articles import Rulebook, RulebookError, parse_file

_HERE = Path(__file__).resolve().parent
_DIRECTORIES = (_HERE / "sources", _HERE / "law")


# Texts added at run time, parsed by the caller (this module reads no database).
_REGISTERED: dict[str, Rulebook] = {}


@lru_cache(maxsize=1)
def _paths() -> dict[str, Path]:
    return {path.stem: path for directory in _DIRECTORIES for path in sorted(directory.glob("*.txt"))}


def shipped_ids() -> list[str]:
    return list(_paths())


def known_ids() -> list[str]:
    """Seed rulebooks first, then laws, each group in file-name order, then texts added at run time."""
    return shipped_ids() + sorted(_REGISTERED)


def register(rulebook: Rulebook) -> None:
    """Make a text added at run time citable and searchable under its id (replacing an earlier
    registration of the same id); a shipped id cannot be taken."""
    if rulebook.id in _paths():
        raise RulebookError(f"规则编号「{rulebook.id}」已被收录的文本使用，请另取编号")
    _REGISTERED[rulebook.id] = rulebook


def is_registered(rulebook_id: str) -> bool:
    return rulebook_id in _REGISTERED


def is_law(rulebook_id: str) -> bool:
    if rulebook_id in _REGISTERED:
        return False
    return path_of(rulebook_id).parent.name == "law"


def path_of(rulebook_id: str) -> Path:
    try:
        return _paths()[rulebook_id]
    except KeyError:
        raise RulebookError(
            f"未知的规则「{rulebook_id}」；已收录的有：{'、'.join(known_ids())}"
        ) from None


def load(rulebook_id: str) -> Rulebook:
    """A registered text, or a shipped one parsed once per process (later calls return the same
    Rulebook)."""
    registered = _REGISTERED.get(rulebook_id)
    return registered if registered is not None else _load_shipped(rulebook_id)


@lru_cache(maxsize=None)
def _load_shipped(rulebook_id: str) -> Rulebook:
    return parse_file(path_of(rulebook_id), rulebook_id)
