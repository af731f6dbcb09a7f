"""Turning vote counts into the numbers readers see."""

from dataclasses import dataclass

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def choice_letter(index):
    """0 -> "a", 1 -> "b", ... 26 -> "aa" (the seed sites number choices a. b. c.)."""
    letters = ""
    index += 1
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = LETTERS[rest] + letters
    return letters


def whole_percentages(counts):
    """Whole-number percentages that add up to exactly 100 (largest remainder method).

    Every value is its exact share rounded down or up; the points left after
    rounding down go to the largest remainders, ties to the earlier choice. With no
    votes every value is 0.
    """
    counts = [max(int(c), 0) for c in counts]
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    floors = [c * 100 // total for c in counts]
    remainders = [c * 100 % total for c in counts]
    left = 100 - sum(floors)
    for i in sorted(range(len(counts)), key=lambda i: (-remainders[i], i))[:left]:
        floors[i] += 1
    return floors


@dataclass(frozen=True)
class ResultRow:
    choice: object
    letter: str
    count: int
    percent: int


def result_rows(choices):
    """Rows (choice, letter, count, percent) and the total, for ordered ``choices``."""
    choices = list(choices)
    counts = [c.vote_count for c in choices]
    percents = whole_percentages(counts)
    rows = [
        ResultRow(choice=c, letter=choice_letter(i), count=n, percent=p)
        for i, (c, n, p) in enumerate(zip(choices, counts, percents, strict=True))
    ]
    return rows, sum(counts)
