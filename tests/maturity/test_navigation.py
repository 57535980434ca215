import pytest

from maturity.navigation import ABOUT, FINISH, STEP, Move, moved_step, step_move


@pytest.mark.parametrize(
    ("number", "action", "goto", "expected"),
    [
        (1, "next", "", Move(to=STEP, number=2)),
        (2, "next", "", Move(to=STEP, number=3)),
        (3, "next", "", Move(to=FINISH)),
        (3, "finish", "", Move(to=FINISH)),
        (2, "anything-else", "", Move(to=STEP, number=3)),
        (1, "back", "", Move(to=ABOUT, needs_answers=False)),
        (3, "back", "", Move(to=STEP, number=2, needs_answers=False)),
        (2, "next", "1", Move(to=STEP, number=1, needs_answers=False)),
        (1, "next", "3", Move(to=STEP, number=3, needs_answers=False)),
        (1, "back", "3", Move(to=STEP, number=3, needs_answers=False)),
    ],
)
def test_step_move_follows_the_button_pressed(number, action, goto, expected):
    assert step_move(number=number, step_count=3, action=action, goto=goto) == expected


@pytest.mark.parametrize("goto", ["0", "4", "-1", "1.5", "abc", "0001", " 2", "2 "])
def test_step_move_ignores_a_goto_that_is_not_a_step(goto):
    assert step_move(number=2, step_count=3, action="next", goto=goto) == Move(to=STEP, number=3)


def test_step_move_goto_the_last_step_of_a_long_questionnaire():
    assert step_move(number=1, step_count=120, action="next", goto="120") == Move(
        to=STEP, number=120, needs_answers=False
    )


@pytest.mark.parametrize(
    ("posted", "expected"),
    [(None, 2), ("b", 2), ("c", 3), ("a", 1), ("gone", 2)],
)
def test_moved_step_is_where_the_posted_dimension_is_asked_now(posted, expected):
    assert moved_step(number=2, slugs=["a", "b", "c"], posted=posted) == expected
