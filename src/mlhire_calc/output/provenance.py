"""Where figures came from, as output meant to be shared may name it: no path of this machine.

A page or a Markdown summary is forwarded; the sender's home directory, temporary
folders and site-packages are nobody else's business and mean nothing elsewhere. The
shipped data sets go by their names; any other folder or file by its name, or by its
path relative to the working directory when it lies inside it.
"""

from __future__ import annotations

import os
from pathlib import Path

from mlhire_calc.datafiles.load import shipped_datasets


def data_name(directory: str | os.PathLike[str]) -> str:
    """`shipped data (seed)` for a shipped data set, else the folder's own name."""
    folder = Path(os.path.abspath(directory))
    for name, shipped in shipped_datasets().items():
        if Path(os.path.abspath(shipped)) == folder:
            return f"shipped data ({name})"
    return folder.name or "a local folder"


def shareable_path(text: str | os.PathLike[str], cwd: str | os.PathLike[str] | None = None) -> str:
    """A file or folder as given when relative; an absolute one (or `~/...`) relative to the
    working directory when inside it, else by its name alone."""
    given = os.fspath(text)
    path = Path(given).expanduser()
    if not path.is_absolute():
        return given
    here = Path(os.path.abspath(os.getcwd() if cwd is None else cwd))
    if here.parent == here:  # from the root, a relative path is the absolute one
        return path.name or given
    try:
        return str(Path(os.path.abspath(path)).relative_to(here))
    except ValueError:
        return path.name or given
