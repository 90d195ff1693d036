"""Run every benchmark, or the ones named: `python -m bench [catalogue ...]`."""

import sys

from bench import board, catalogue, checkin, registration

BENCHMARKS = {
    "catalogue": catalogue.main,
    "registration": registration.main,
    "checkin": checkin.main,
    "board": board.main,
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    for name in names:
        BENCHMARKS[name]()
    return 0


sys.exit(main(sys.argv[1:]))
