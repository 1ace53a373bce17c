"""Every fact of every profile, checked against the article it cites.

`expected/<profile>.yaml` lists, for each fact key, the expected value, its cite (or
`inherited_from`), and a `quote`: words copied from the cited article that justify the value.
`test_article[<profile>:<article>-<key>]` fails when the value or the cite changes, or when the
quote is not in the cited article (a wrong cite); `test_every_fact_is_expected` fails when a
profile has a fact the expected file does not list. A clerk checks a profile by reading the
expected file next to the text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from zhengwu.rulebook.cite import resolve
from zhengwu.rulebook.facts import facts
from zhengwu.rulebook.profile import DEFAULT_ID, known_profiles, load_profile

EXPECTED = Path(__file__).parent / "expected"
_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})


def normalise(text: str) -> str:
    """The seeds mix full- and half-width punctuation and break lines; quotes ignore both."""
    return re.sub(r"\s+", "", text).translate(_HALF_TO_FULL)


@lru_cache(maxsize=None)
def profile_facts(profile_id: str) -> dict:
    return facts(load_profile(profile_id))


def _expected_files() -> list[Path]:
    return sorted(EXPECTED.glob("*.yaml"))


@lru_cache(maxsize=None)
def _expected(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _article_id(entry: dict) -> str:
    cite = entry.get("cite")
    if cite is None:
        return "inherited" if entry.get("inherited_from") else "silent"
    cites = [cite] if isinstance(cite, str) else cite
    return "+".join(c.split(":", 1)[1] if c.startswith(f"{entry['_profile']}:") else c for c in cites)


def _cases():
    for path in _expected_files():
        data = _expected(path)
        for key, entry in data["facts"].items():
            entry = {**entry, "_profile": data["profile"]}
            yield pytest.param(data["profile"], key, entry, id=f"{data['profile']}:{_article_id(entry)}-{key}")


def _quotes_for(entry: dict, cite: str) -> list[str]:
    quote = entry.get("quote")
    if isinstance(quote, dict):
        quote = quote.get(cite)
    if quote is None or quote == "":
        return []
    return [quote] if isinstance(quote, str) else list(quote)


@pytest.mark.parametrize(("profile_id", "key", "entry"), list(_cases()))
def test_article(profile_id, key, entry):
    found = profile_facts(profile_id)
    assert key in found, f"{profile_id} 没有 {key} 这一项"
    fact = found[key]
    assert fact["value"] == entry["value"], f"{key} 的取值变了"
    assert fact["cite"] == entry.get("cite"), f"{key} 的出处变了"
    assert fact["inherited_from"] == entry.get("inherited_from"), f"{key} 的继承来源变了"
    cites = [] if fact["cite"] is None else [fact["cite"]] if isinstance(fact["cite"], str) else fact["cite"]
    for cite in cites:
        quotes = _quotes_for(entry, cite)
        assert quotes, f"{key}：出处 {cite} 缺少引文 quote"
        text = normalise(resolve(cite).text)
        for quote in quotes:
            assert normalise(quote) in text, f"{key}：引文「{quote}」不在 {cite} 中"


@pytest.mark.parametrize("profile_id", [DEFAULT_ID, *known_profiles()])
def test_every_fact_is_expected(profile_id):
    path = EXPECTED / f"{profile_id}.yaml"
    assert path.is_file(), f"缺少 {path.name}：每个规则配置都要有逐项核对的预期文件"
    listed = set(_expected(path)["facts"])
    actual = set(profile_facts(profile_id))
    assert not actual - listed, f"{profile_id} 有未列入预期文件的项：{sorted(actual - listed)}"
    assert not listed - actual, f"预期文件列出了 {profile_id} 没有的项：{sorted(listed - actual)}"


def test_expected_files_name_their_profile():
    for path in _expected_files():
        assert _expected(path)["profile"] == path.stem
