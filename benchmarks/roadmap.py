"""How long placing an organisation and building its roadmap takes (pure Python, no Django).

Scores and builds the roadmap for a spread of answer profiles over the
shipped model (fixtures/cx_model.json, read directly), N times each, and
prints the median and the 95th percentile per build in CPU time. Target:
under 5 ms a build (issue: advice that reads the answers). Run by make bench;
alone: .venv/bin/python benchmarks/roadmap.py [-n 200].
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.maturity.test_shipped_model_advice import QUESTIONS, advice  # noqa: E402

TARGET_MS = 5.0


def profiles(count: int, seed: int = 7) -> list[dict]:
    """Uniform profiles at each level, then uneven ones (each dimension's answers around its own level)."""
    rng = random.Random(seed)
    out = [{q["code"]: level for q in QUESTIONS} for level in range(1, 6)]
    while len(out) < count:
        centre = {
            q["dimension"][0] if isinstance(q["dimension"], list) else q["dimension"]: rng.randint(1, 5)
            for q in QUESTIONS
        }
        out.append(
            {
                q["code"]: min(
                    5,
                    max(
                        1,
                        centre[q["dimension"][0] if isinstance(q["dimension"], list) else q["dimension"]]
                        + rng.choice((-1, 0, 0, 1)),
                    ),
                )
                for q in QUESTIONS
            }
        )
    return out


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="builds per profile")
    parser.add_argument("--profiles", type=int, default=40)
    args = parser.parse_args()
    samples = []
    sizes = []
    for levels in profiles(args.profiles):
        advice(levels)  # warm-up
        for _ in range(args.n):
            start = time.process_time()
            roadmap = advice(levels)
            samples.append(time.process_time() - start)
        sizes.append(sum(len(h.actions) for h in roadmap.plan))
    median = statistics.median(samples) * 1000
    p95 = statistics.quantiles(samples, n=20)[-1] * 1000
    print(f"Roadmap build (score + roadmap, {len(QUESTIONS)} answers, {args.profiles} profiles x {args.n}):")
    print(
        f"  median {median:.2f} ms, p95 {p95:.2f} ms  (target <= {TARGET_MS:g} ms) {'✓' if p95 <= TARGET_MS else '✗'}"
    )
    print(f"  actions planned per profile: {min(sizes)}–{max(sizes)}")
    return {"median_ms": median, "p95_ms": p95}


if __name__ == "__main__":
    main()
