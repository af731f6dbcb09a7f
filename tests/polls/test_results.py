from hypothesis import given
from hypothesis import strategies as st

from polls.results import choice_letter, whole_percentages


def test_no_votes_gives_zero_percent_for_every_choice():
    assert whole_percentages([0, 0, 0]) == [0, 0, 0]


def test_thirds_add_up_to_100_with_the_spare_point_to_the_first():
    assert whole_percentages([1, 1, 1]) == [34, 33, 33]


def test_largest_remainder_gets_the_spare_points():
    # Exact shares 14.29 / 28.57 / 57.14: floors 14 + 28 + 57 = 99, and the
    # spare point goes to the largest remainder (28.57).
    assert whole_percentages([1, 2, 4]) == [14, 29, 57]
    assert whole_percentages([1, 1]) == [50, 50]
    assert whole_percentages([14, 9, 2]) == [56, 36, 8]


def test_plain_rounding_would_give_101_but_this_gives_100():
    # 50.5 / 49.5 both round half up to 51 + 50; the largest remainder method does not.
    assert whole_percentages([101, 99]) == [51, 49]
    # 3 x 16.67 + 50 rounds to 17 * 3 + 50 = 101.
    assert sum(whole_percentages([1, 1, 1, 3])) == 100


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=12))
def test_percentages_add_to_100_and_stay_within_one_point(counts):
    percents = whole_percentages(counts)
    total = sum(counts)
    if total == 0:
        assert percents == [0] * len(counts)
        return
    assert sum(percents) == 100
    for count, percent in zip(counts, percents, strict=True):
        exact = count * 100 / total
        assert exact - 1 < percent < exact + 1


def test_choice_letters_follow_a_b_c():
    assert [choice_letter(i) for i in range(4)] == ["a", "b", "c", "d"]
    assert choice_letter(26) == "aa"
