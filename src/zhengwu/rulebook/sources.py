"""The registry of rules texts shipped in the package: the seed rulebooks (`sources/`) and the
national laws they build on (`law/`). A text's id is its file stem (`dawa-2017`, `law-gongwen-2012`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from zhengwu.rulebook.articles import Rulebook, RulebookError, parse_file

_HERE = Path(__file__).resolve().parent
_DIRECTORIES = (_HERE / "sources", _HERE / "law")


def _paths() -> dict[str, Path]:
    return {path.stem: path for directory in _DIRECTORIES for path in sorted(directory.glob("*.txt"))}


def known_ids() -> list[str]:
    """Seed rulebooks first, then laws, each group in file-name order."""
    return list(_paths())


def is_law(rulebook_id: str) -> bool:
    return path_of(rulebook_id).parent.name == "law"


def path_of(rulebook_id: str) -> Path:
    try:
        return _paths()[rulebook_id]
    except KeyError:
        raise RulebookError(
            f"未知的规则「{rulebook_id}」；已收录的有：{'、'.join(known_ids())}"
        ) from None


@lru_cache(maxsize=None)
def load(rulebook_id: str) -> Rulebook:
    """Parse a shipped text once per process; later calls return the same Rulebook."""
    return parse_file(path_of(rulebook_id), rulebook_id)
