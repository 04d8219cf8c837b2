"""The options `sensitivity`, `simulate` and `afford` share, beyond those in `options.py`."""

from typing import Annotated

import typer

OptionalDeadlineOpt = Annotated[
    str | None,
    typer.Option(
        "--deadline",
        "-d",
        metavar="DATE",
        help="YYYY-MM-DD, 2027-09 (the month's last day), 2027-Q3, Q3 2027 or Q3-2027 "
        "(the quarter's last day), or Q3 (the next one).",
    ),
]
BudgetOpt = Annotated[
    str | None,
    typer.Option(
        "--budget",
        metavar="AMOUNT",
        help="An amount to spend (13500, 300k), in the data's currency or --currency's.",
    ),
]
SamplesOpt = Annotated[
    int, typer.Option("--samples", metavar="N", help="Monte Carlo samples per path (1 to 1,000,000).")
]
SeedOpt = Annotated[
    int, typer.Option("--seed", metavar="N", help="Seed of the samples: the same seed, the same output.")
]
NeedOpt = Annotated[
    int | None,
    typer.Option(
        "--need",
        metavar="N",
        help="Done when at least this many of the --headcount hires are [default: all].",
    ),
]
