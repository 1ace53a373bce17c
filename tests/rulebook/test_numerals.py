import pytest

from zhengwu.rulebook.numerals import read_digit_by_digit, to_chinese, to_int


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一", 1), ("十", 10), ("十五", 15), ("二十", 20), ("二十三", 23), ("九十九", 99),
        ("一百", 100), ("一百零一", 101), ("一百一十", 110), ("两百", 200), ("一千零五", 1005),
        ("〇", 0), ("零", 0), ("37", 37), ("３７", 37), ("六十三", 63),
    ],
)
def test_reads_heading_numerals(text, number):
    assert to_int(text) == number


@pytest.mark.parametrize("text", ["", "六三", "十十", "abc", "一百五", "第三"])
def test_rejects_what_is_not_a_well_formed_numeral(text):
    with pytest.raises(ValueError):
        to_int(text)


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (45, "四十五"), (100, "一百"),
     (101, "一百零一"), (110, "一百一十"), (1005, "一千零五"), (1010, "一千零一十")],
)
def test_writes_numerals_as_headings_do(number, text):
    assert to_chinese(number) == text


def test_round_trip_for_every_number_a_heading_can_carry():
    for number in range(1, 10_000):
        assert to_int(to_chinese(number)) == number


def test_out_of_range_numbers_are_refused():
    for number in (0, -1, 10_000):
        with pytest.raises(ValueError):
            to_chinese(number)


def test_digit_by_digit_reads_a_heading_that_lost_its_ten():
    assert read_digit_by_digit("六三") == 63
    assert read_digit_by_digit("二〇一七") == 2017
    with pytest.raises(ValueError):
        read_digit_by_digit("六十三")
