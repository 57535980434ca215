"""Where a questionnaire step's buttons lead: a pure decision, no Django.

The step view saves what was posted, then asks `step_move` where to go. A
move that leaves backwards (Back, or a step picked in the side list) never
asks for missing answers; a move forwards (Next, Finish) does first.
"""

import re
from dataclasses import dataclass

ABOUT = "about"  # the page before step 1 (who is answering)
STEP = "step"
FINISH = "finish"

_GOTO = re.compile(r"[0-9]{1,3}")


@dataclass(frozen=True)
class Move:
    to: str  # ABOUT, STEP or FINISH
    number: int | None = None  # the step, when `to` is STEP
    needs_answers: bool = True  # forwards: every question of the step must be answered first


def step_move(*, number: int, step_count: int, action: str, goto: str = "") -> Move:
    """The move from step `number` (1-based) of `step_count` for the button pressed.

    `goto` is a step picked in the side list: a valid one moves like Back,
    whatever `action` says. Any action but "back" moves forwards.
    """
    if _GOTO.fullmatch(goto) and 1 <= int(goto) <= step_count:
        return Move(to=STEP, number=int(goto), needs_answers=False)
    if action == "back":
        if number == 1:
            return Move(to=ABOUT, needs_answers=False)
        return Move(to=STEP, number=number - 1, needs_answers=False)
    if number < step_count:
        return Move(to=STEP, number=number + 1)
    return Move(to=FINISH)


def moved_step(*, number: int, slugs: list[str], posted: str | None) -> int:
    """The step a post belongs to: the one asking the posted dimension now, else `number`.

    The dimensions may be reordered in admin while a page is open: its answers
    belong to the step that asks them now, not to whatever step N has become.
    """
    if posted is not None and posted in slugs:
        return slugs.index(posted) + 1
    return number
