import pytest

from zhengwu.rulebook.articles import RulebookError, parse_text
from zhengwu.rulebook.search import SearchIndex, search, tokenize


def test_countersign_finds_the_seven_working_day_articles():
    hits = search("会签")
    ids = [hit.id for hit in hits]
    assert "wuhai-hainan-2023:57" in ids[:5]
    assert "xishi-2024:29" in ids[:5]
    by_id = {hit.id: hit for hit in hits}
    assert "7个工作日内回复" in by_id["wuhai-hainan-2023:57"].snippet
    assert "会签" in by_id["xishi-2024:29"].snippet
    assert all("会签" in hit.snippet for hit in hits)


def test_results_are_ranked_and_limited():
    hits = search("常务会议 每月召开", limit=3)
    assert len(hits) == 3
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert {"dalian-2014:38", "dawa-2017:37"} <= {hit.id for hit in hits}


def test_search_can_be_limited_to_one_rulebook():
    hits = search("请假", ids=["dalian-2014"])
    assert hits and all(hit.id.startswith("dalian-2014:") for hit in hits)
    assert hits[0].id in {"dalian-2014:54", "dalian-2014:42"}


def test_unknown_rulebook_and_empty_query_are_refused():
    with pytest.raises(RulebookError, match="未知的规则"):
        search("会签", ids=["nowhere"])
    with pytest.raises(RulebookError, match="没有可检索的字词"):
        search("，。！")


def test_no_match_gives_no_results():
    assert search("量子纠缠") == []


def test_segmentation_keeps_government_terms_whole():
    assert "会签" in tokenize("会签文件")
    assert "工作日" in tokenize("7个工作日内回复")
    assert "，" not in tokenize("会签，签发")


def test_an_index_over_any_rulebooks_ranks_the_denser_article_first():
    rulebook = parse_text(
        "某规则\n第一条 会议纪要由主任签发。\n第二条 公文由县长签发，纪要由县长签发。\n第三条 本规则自印发之日起施行。\n",
        "town",
    )
    hits = SearchIndex([rulebook]).search("签发")
    assert [hit.id for hit in hits] == ["town:2", "town:1"]
    assert hits[0].snippet == "公文由县长签发，纪要由县长签发。"
