"""Kill rate per module from `mutmut results --all true` (run after `mutmut run`; make mutate does both).

A mutant counts as caught when the tests fail ("killed") or hang ("timeout");
"survived" and "no tests" (no test even runs the mutated function) count as
missed; "not checked" (the run stopped before it) is left out and reported.
"""

import collections
import subprocess
import sys
from pathlib import Path

CAUGHT = {"killed", "timeout"}


def main() -> int:
    output = subprocess.run(
        [str(Path(sys.executable).with_name("mutmut")), "results", "--all", "true"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for line in output.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if not name.startswith("maturity."):
            continue
        module = ".".join(name.split(".")[:2])
        counts[module][status] += 1
    total = collections.Counter()
    print(f"{'module':24} {'caught':>7} {'missed':>7} {'unchecked':>9}  kill rate")
    for module, counter in sorted(counts.items()):
        total.update(counter)
        _row(module, counter)
    _row("all", total)
    return 0


def _row(name: str, counter: collections.Counter) -> None:
    caught = sum(counter[s] for s in CAUGHT)
    unchecked = counter["not checked"]
    missed = sum(counter.values()) - caught - unchecked
    rate = f"{100 * caught / (caught + missed):.1f}%" if caught + missed else "—"
    print(f"{name:24} {caught:7} {missed:7} {unchecked:9}  {rate}")


if __name__ == "__main__":
    sys.exit(main())
