"""The `mlhire` process: the console script and `python -m mlhire_calc`.

Signals become exceptions here, before typer and the core are imported, so Ctrl-C,
SIGTERM or SIGHUP at any moment, start-up included, end the run with one line and
exit code 128 + the signal's number. The exception unwinds through
`files.replace_atomically`, which removes its temporary file: `--output` keeps the
old file or gets the whole new one.
"""

import signal
import sys

SAYS = {"SIGINT": "interrupted", "SIGTERM": "terminated", "SIGHUP": "terminated"}
NUMBERS = {getattr(signal, name): name for name in SAYS if hasattr(signal, name)}  # no SIGHUP on Windows


class Stopped(BaseException):
    """A signal asked mlhire to stop; like KeyboardInterrupt, no `except Exception` stops it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    for number in NUMBERS:
        signal.signal(number, signal.SIG_IGN)  # one signal unwinds; a second must not cut the clean-up short
    raise Stopped(signum)


def _catch_signals() -> None:
    for number in NUMBERS:
        if signal.getsignal(number) is not signal.SIG_IGN:  # nohup and background jobs ignore some: keep that
            signal.signal(number, _stop)


_SWALLOWED: list[int] = []  # signals whose exception Python ignored (raised inside a callback)
_DEFAULT_UNRAISABLE = sys.unraisablehook


def _unraisable(info: "sys.UnraisableHookArgs") -> None:
    """A signal that landed in a weakref or import-lock callback: remember it, print nothing."""
    if isinstance(info.exc_value, Stopped):
        _SWALLOWED.append(info.exc_value.signum)
        return
    _DEFAULT_UNRAISABLE(info)


def main(prog_name: str = "mlhire") -> None:
    """Console-script entry point."""
    try:
        _catch_signals()
        sys.unraisablehook = _unraisable
        from mlhire_calc.cli.app import main as run

        try:
            run(prog_name)
        finally:
            if _SWALLOWED:  # the run went on to its end: still report the signal, and its code
                raise Stopped(_SWALLOWED[0])
    except (Stopped, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, Stopped) else int(signal.SIGINT)
        try:
            sys.stderr.write(f"mlhire: error: {SAYS[NUMBERS[signum]]}\n")
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):  # stderr closed, or None (`2>&-`) before the CLI ran
            pass
        sys.exit(128 + signum)
    finally:
        for number in NUMBERS:  # the run is over: Python's shutdown restores the default kill, so ignore
            signal.signal(number, signal.SIG_IGN)


if __name__ == "__main__":
    main(prog_name="mlhire")
