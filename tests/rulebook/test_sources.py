import pytest

from zhengwu.rulebook.articles import RulebookError
from zhengwu.rulebook.sources import is_law, known_ids, load, path_of

SEEDS = ["dawa-2017", "wolong-2018", "dalian-2014", "wuhai-hainan-2023", "xishi-2024"]
LAWS = ["law-gongwen-2012", "law-decision-2019", "law-disclosure-2019", "law-supervision-2020"]


def test_known_ids_are_the_five_seeds_then_the_four_laws():
    ids = known_ids()
    assert sorted(ids[:5]) == sorted(SEEDS)
    assert sorted(ids[5:]) == sorted(LAWS)


@pytest.mark.parametrize("rulebook_id", SEEDS + LAWS)
def test_every_shipped_text_loads_with_its_id(rulebook_id):
    rulebook = load(rulebook_id)
    assert rulebook.id == rulebook_id
    assert rulebook.title
    assert path_of(rulebook_id).is_file()
    assert is_law(rulebook_id) == (rulebook_id in LAWS)
    numbers = [article.no for article in rulebook.articles()]
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize(
    ("rulebook_id", "title", "articles"),
    [
        ("law-gongwen-2012", "党政机关公文处理工作条例", 42),
        ("law-decision-2019", "重大行政决策程序暂行条例", 44),
        ("law-disclosure-2019", "中华人民共和国政府信息公开条例", 56),
        ("law-supervision-2020", "政府督查工作条例", 28),
    ],
)
def test_laws_skip_their_comment_header(rulebook_id, title, articles):
    rulebook = load(rulebook_id)
    assert rulebook.title == title
    assert sum(1 for _ in rulebook.articles()) == articles
    assert rulebook.warnings == ()
    assert not any("#" in article.text for article in rulebook.articles())


def test_gongwen_law_lists_the_fifteen_document_types_as_items():
    article = load("law-gongwen-2012").article(8)
    assert len(article.items) == 15
    assert article.items[14].text.startswith("纪要。")


def test_load_is_cached():
    assert load("dawa-2017") is load("dawa-2017")


def test_unknown_id_is_refused_in_chinese():
    with pytest.raises(RulebookError, match="未知的规则「shenzhen-2099」") as raised:
        load("shenzhen-2099")
    assert "dawa-2017" in str(raised.value)
