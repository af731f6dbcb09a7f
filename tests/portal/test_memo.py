"""Per-process memos stay small and are all forgotten at once."""

from portal.memo import Memo, forget_all


def test_a_full_memo_is_emptied_and_keeps_the_newest_entry():
    memo = Memo(3)
    for number in range(3):
        memo.put(number, f"value {number}")
    assert [memo.get(n) for n in range(3)] == ["value 0", "value 1", "value 2"]
    assert memo.put(3, "value 3") == "value 3"
    assert len(memo) == 1
    assert memo.get(0) is None
    assert memo.get(3) == "value 3"


def test_forget_all_empties_every_memo():
    first, second = Memo(8), Memo(8)
    first.put("a", 1)
    second.put("b", 2)
    forget_all()
    assert (first.get("a"), second.get("b")) == (None, None)
