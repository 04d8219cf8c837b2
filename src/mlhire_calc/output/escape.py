"""One escaping rule per sink. Every string from outside (names, notes, labels, file
and folder names) reaches each sink through its function here, and only through it.

- `terminal_line`: an error or warning line on stderr, a line of `validate`'s text, a
  `wrote FILE` line. Every control character (newline and tab too), DEL, C1, bidi and
  zero-width character is shown escaped: `\\x1b`, `\\n`, `\\u202e`.
- `cell`: a cell, title, headline or note of a table: the same, but a tab is kept (Rich
  lays it out; a TSV writer quotes it). A newline is shown as `\\n`, so text from
  outside never starts a line of its own: a CI log would read a line that starts
  `::error` as a workflow command, whatever the format.
- `page`: a laid-out table page, whose wrapping could still start a line with text from
  outside: a line that would start with `::` or `##[` has it broken, as `github_line` does.
- `spreadsheet`: CSV, TSV and xlsx text cells: `cell`, and text that a spreadsheet reads
  as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'` (the OWASP rule).
- `annotation_data`, `annotation_property`: a GitHub workflow command's message and
  property values: `cell`, then `%`, CR and LF percent-encoded; in a property `:` and
  `,` too (the workflow-commands spec).
- `github_line`: a plain line among annotations (a summary): `terminal_line`, and `::`
  and `##[` broken, so it can never be read as a workflow command.
- `markdown`: text in Markdown (a pull-request comment, `--format markdown`): `cell`,
  then each character that opens Markdown or HTML backslash-escaped, and
  `@` followed by a zero-width space, so no image, link, HTML or mention is made.
- `json_text`: a JSON document (`--format json`) keeps text as written, and shows
  DEL, C1, bidi and zero-width characters as `\\u` escapes (`json.dumps` already
  escapes the C0 controls), so `json.loads` gives back the same text and a terminal
  shows none of them raw.
- HTML (`mlhire report`): Jinja's autoescape (`output/report/page.py`).
"""

from __future__ import annotations

import re

from mlhire_calc.domain.limits import UNSEEN

CONTROL_CHARACTER = re.compile(f"[\\x00-\\x1f{UNSEEN}]")  # HIDDEN, and newline and tab
_IN_CELL = re.compile(f"[\\x00-\\x08\\x0a-\\x1f{UNSEEN}]")  # all of them but tab
_UNSEEN = re.compile(f"[{UNSEEN}]")
_NAMED = {"\n": "\\n", "\t": "\\t"}
FORMULA_STARTS = frozenset("=+-@\t\r")  # what a spreadsheet reads as the start of a formula
# ASCII punctuation that opens a Markdown construct anywhere in a line (emphasis, link,
# image, HTML, autolink, table cell, strikethrough, entity), and at its start (a heading,
# quote or list); CommonMark renders each escaped one as itself. A backtick is kept: a
# code span only ever shows text as written, and mlhire's own notes use them; so is an
# underscore inside a word (`time_to_start`), which never opens emphasis.
_MARKDOWN_SPECIAL = re.compile(r"([\\*\[\]<>|~&]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
_MARKDOWN_START = re.compile(r"^(?:>|#+(?=\s)|[+-](?=\s)|\d+(?=[.)]\s))")
MENTION_BREAK = "&#8203;"  # a zero-width space after `@`: GitHub links no @user or @org/team


def _escaped(match: re.Match[str]) -> str:
    character = match.group()
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_line(text: str) -> str:
    """Text for one line of a terminal: no character that moves the cursor, rings, recolours,
    reorders or starts another line."""
    return text if text.isprintable() else CONTROL_CHARACTER.sub(_escaped, text)


def cell(text: str) -> str:
    """Text for a table cell, title or note: as `terminal_line`, but a tab stays."""
    return text if text.isprintable() else _IN_CELL.sub(_escaped, text)


def spreadsheet(text: str) -> str:
    """Text for a CSV, TSV or xlsx cell: `cell`, never read as a formula (the OWASP rule)."""
    text = cell(text)
    return "'" + text if text and text[0] in FORMULA_STARTS else text


def annotation_data(text: str) -> str:
    """The message of a workflow command (`::warning ...::MESSAGE`)."""
    return cell(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def annotation_property(text: str) -> str:
    """A property value of a workflow command (`file=VALUE,title=VALUE`)."""
    return annotation_data(text).replace(":", "%3A").replace(",", "%2C")


def json_text(dumped: str) -> str:
    """A JSON text as `json.dumps(..., ensure_ascii=False)` made it, with the characters it
    leaves raw that a terminal acts on written as `\\u` escapes (the same JSON value)."""
    return _UNSEEN.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)


_COMMAND_START = re.compile(r"^([ \t]*)(::|##\[)", re.M)


def page(text: str) -> str:
    """A laid-out page (the table format): no line starts as a workflow command."""
    return _COMMAND_START.sub(lambda m: m.group(1) + (":%3A" if m.group(2) == "::" else "##%5B"), text)


def github_line(text: str) -> str:
    """A line printed among workflow commands that must not be one."""
    return terminal_line(text).replace("::", ":%3A").replace("##[", "##%5B")


def markdown(text: str) -> str:
    """Text inside Markdown (a table cell, a list item, a heading): shown as written,
    never an image, a link, HTML, emphasis, a table column or a mention."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", cell(text))
    text = _MARKDOWN_START.sub(lambda m: m.group() + "\\" if m.group().isdigit() else "\\" + m.group(), text)
    return text.replace("@", "@" + MENTION_BREAK)
