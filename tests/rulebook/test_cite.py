import pytest

from zhengwu.rulebook.articles import Article, Item, RulebookError
from zhengwu.rulebook.cite import basis, describe, resolve


def test_resolve_article_and_item():
    article = resolve("dalian-2014:45")
    assert isinstance(article, Article) and article.no == 45
    assert "10个工作日" in article.text
    item = resolve("xishi-2024:31.3")
    assert isinstance(item, Item) and item.id == "xishi-2024:31.3"
    assert item.text.startswith("以区政府名义制发的其他公文")


@pytest.mark.parametrize(
    ("cite", "text"),
    [
        ("dalian-2014:45", "《大连市人民政府工作规则》第四十五条"),
        ("dawa-2017:37", "《盘锦市大洼区人民政府工作规则》第三十七条"),
        ("xishi-2024:31.3", "《西市区人民政府工作规则》第三十一条第（三）项"),
        ("wuhai-hainan-2023:49", "《乌海市海南区人民政府工作规则》第四十九条"),
        ("wolong-2018:10", "《卧龙区人民政府工作规则》第十条"),
        ("law-gongwen-2012:8.15", "《党政机关公文处理工作条例》第八条第（十五）项"),
        ("law-decision-2019:1", "《重大行政决策程序暂行条例》第一条"),
    ],
)
def test_describe(cite, text):
    assert describe(cite) == text


def test_basis_reads_as_the_ground_of_a_verdict():
    assert basis("dalian-2014:45") == "依据《大连市人民政府工作规则》第四十五条"
    assert basis("xishi-2024:31.3") == "依据《西市区人民政府工作规则》第三十一条第（三）项"


@pytest.mark.parametrize(
    ("cite", "message"),
    [
        ("dalian-2014:99", "没有第九十九条"),
        ("dalian-2014:45.2", "没有第（二）项"),
        ("nowhere-2020:1", "未知的规则"),
        ("dalian-2014", "格式有误"),
        ("dalian-2014:x", "无法识别"),
    ],
)
def test_bad_cites_are_refused_in_chinese(cite, message):
    with pytest.raises(RulebookError, match=message):
        resolve(cite)
    with pytest.raises(RulebookError, match=message):
        describe(cite)
