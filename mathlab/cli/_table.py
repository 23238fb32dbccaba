"""Read the named columns of a CSV table as a spreadsheet exports it.

The standard library's csv reader does the parsing (quoted cells, quoted delimiters and line
breaks, doubled quotes). On top of it:

* encoding: UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8" writes one);
* delimiter: given, or detected by :class:`csv.Sniffer` among ``, ; TAB |`` on the first
  64 KiB (a one-column file needs none);
* header: the first non-blank row; names are stripped of surrounding spaces and must be unique;
* cells: stripped; empty cells and ``NA``, ``N/A``, ``NaN``, ``NULL``, ``#N/A`` (any case) are
  missing; a column whose cells are all numbers (decimal point ``.`` or, with
  ``decimal=","``, a comma) is numeric, one whose cells are all text is categorical, a column
  mixing both is refused unless it is declared categorical;
* missing cells in a column that is read: an error naming the file line and the column, or,
  with ``dropna``, the row is dropped (for every column read, so all columns keep the same rows).

Errors are :class:`mathlab._cli.CLIError` whose messages quote the user's path and name the
column and the file line.
"""

from __future__ import annotations

import csv
import math
import os
import re
import stat
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from .._cli import CLIError

__all__ = ["Column", "Table", "read_table", "DELIMITERS", "MISSING"]

DELIMITERS = ",;\t|"
"""Delimiters that detection chooses from."""
MISSING = frozenset({"", "na", "n/a", "nan", "null", "#n/a"})
"""Cell texts (compared in lower case) that mean a missing value."""
_SAMPLE_CHARS = 65536
_NUMBER = {".": re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"),
           ",": re.compile(r"[+-]?(?:\d+(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?")}
_INFINITE = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})


def _names(names) -> str:
    return ", ".join(repr(name) for name in names)


def _delimiter_name(delimiter: str) -> str:
    return {"\t": "tab", " ": "space"}.get(delimiter, repr(delimiter))


@dataclass(frozen=True)
class Column:
    """One column read from the table, over the rows kept.

    Attributes
    ----------
    name : str
        The header name.
    values : numpy.ndarray
        float64 values (numeric) or int64 category codes 0, 1, ... (categorical).
    categories : tuple of str or None
        The category of each code (categorical), None for a numeric column.
    """

    name: str
    values: object
    categories: tuple[str, ...] | None

    @property
    def categorical(self) -> bool:
        """True for a categorical (text) column, tested with the delta kernel."""
        return self.categories is not None


@dataclass(frozen=True)
class Table:
    """The columns read from a CSV file, with what was done to read them.

    Attributes
    ----------
    path : str
        The path as the user gave it.
    delimiter : str
        The delimiter used (given or detected).
    detected : bool
        Whether the delimiter was detected.
    rows_read : int
        Data rows in the file (blank lines not counted).
    dropped : int
        Rows dropped because a column read had a missing cell (``dropna``).
    missing : dict
        Missing cells per column name (only columns with some).
    columns : dict
        :class:`Column` by name, in the order asked for.
    """

    path: str
    delimiter: str
    detected: bool
    rows_read: int
    dropped: int
    missing: dict
    columns: dict

    @property
    def rows(self) -> int:
        """Rows kept (read minus dropped)."""
        return self.rows_read - self.dropped

    def describe(self) -> str:
        """One line: what was read, with which delimiter, and what was dropped."""
        how = "detected" if self.detected else "given"
        text = (f"{self.path!r}: {self.rows_read} data rows, delimiter "
                f"{_delimiter_name(self.delimiter)} ({how})")
        if self.dropped:
            cells = ", ".join(f"{count} in {name!r}" for name, count in self.missing.items())
            text += f"; --dropna dropped {self.dropped} rows with missing cells ({cells})"
        return text + f"; {self.rows} rows used"


def _open(path: str):
    try:
        info = os.stat(path)
    except OSError as exc:
        raise CLIError(f"cannot read {path!r}: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise CLIError(f"cannot read {path!r}: it is {kind}")
    try:
        return open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise CLIError(f"cannot read {path!r}: {exc.strerror}") from None


def _detect(path: str, sample: str) -> str:
    """The delimiter of a table from its first lines (csv.Sniffer, checked on the header)."""
    lines = sample.splitlines()
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end inside a line
    lines = [line for line in lines if line.strip()]
    if not lines:
        raise CLIError(f"{path!r} is empty; expected a header row with column names")
    header = lines[0]
    present = [d for d in DELIMITERS if d in header]
    if not present:
        return ","  # one column
    try:
        found = csv.Sniffer().sniff("\n".join(lines[:200]) + "\n", delimiters=DELIMITERS)
        if found.delimiter in present:
            return found.delimiter
    except csv.Error:
        pass
    if len(present) == 1:
        return present[0]
    raise CLIError(f"cannot tell the delimiter of {path!r} (its header contains "
                   f"{' and '.join(_delimiter_name(d) for d in present)}); give --delimiter")


class _Reader:
    """Cells of one column, typed as they are read (numbers or category codes)."""

    def __init__(self, name: str, categorical: bool, decimal: str):
        self.name = name
        self.forced = categorical
        self.kind = "text" if categorical else None  # "number" or "text" once a cell is seen
        self.first = None                           # (line, cell) fixing the kind
        self.pattern = _NUMBER[decimal]
        self.decimal = decimal
        self.numbers = array("d")
        self.codes = array("q")
        self.categories: dict[str, int] = {}

    def add(self, cell: str, line: int, path: str) -> bool:
        """Store one cell; return False when it is missing."""
        if cell.lower() in MISSING:
            if self.kind == "text":
                self.codes.append(-1)
            else:
                self.numbers.append(math.nan)
            return False
        number = None if self.forced else self._number(cell, line, path)
        kind = "number" if number is not None else "text"
        if self.kind is None:
            self.kind, self.first = kind, (line, cell)
            if kind == "text":  # cells before were all missing
                self.codes.extend([-1] * len(self.numbers))
                self.numbers = array("d")
        elif kind != self.kind:
            self._mixed(kind, cell, line, path)
        if kind == "number":
            self.numbers.append(number)
        else:
            self.codes.append(self.categories.setdefault(cell, len(self.categories)))
        return True

    def _number(self, cell: str, line: int, path: str) -> float | None:
        if not self.pattern.fullmatch(cell):
            if cell.lower() in _INFINITE:
                raise CLIError(f"{path!r} line {line}, column {self.name!r}: {cell!r} is not "
                               "a finite number")
            return None
        value = float(cell.replace(",", ".") if self.decimal == "," else cell)
        if not math.isfinite(value):
            raise CLIError(f"{path!r} line {line}, column {self.name!r}: {cell!r} is beyond "
                           "the range of double-precision numbers")
        return value

    def _mixed(self, kind: str, cell: str, line: int, path: str):
        first_line, first_cell = self.first
        number, text = ((first_line, first_cell), (line, cell)) if kind == "text" else \
            ((line, cell), (first_line, first_cell))
        raise CLIError(f"{path!r}: column {self.name!r} mixes numbers (line {number[0]}: "
                       f"{number[1]!r}) and text (line {text[0]}: {text[1]!r}); fix the cell, "
                       f"or give --categorical {self.name!r} to treat its values as categories")

    def column(self, keep, path: str) -> Column:
        import numpy as np

        if self.kind == "text":
            codes = np.frombuffer(self.codes, dtype=np.int64)[keep]
            if not self.forced and self.categories:
                self._check_decimal(path)
            used, values = np.unique(codes, return_inverse=True)
            names = list(self.categories)
            return Column(self.name, values.astype(np.int64),
                          tuple(names[code] for code in used))
        values = np.frombuffer(self.numbers, dtype=np.float64)[keep]
        return Column(self.name, values.copy(), None)

    def _check_decimal(self, path: str):
        """A text column that holds only decimal-comma numbers was meant to be numeric."""
        comma = _NUMBER[","]
        if self.decimal == "." and all(comma.fullmatch(c) for c in self.categories):
            line, cell = self.first
            raise CLIError(f"{path!r}: column {self.name!r} holds numbers with a decimal comma "
                           f"(line {line}: {cell!r}); give --decimal ',' (or --categorical "
                           f"{self.name!r} if they are labels)")


def read_table(path: str, names: Sequence[str], *, delimiter: str | None = None,
               decimal: str = ".", dropna: bool = False,
               categorical: Sequence[str] = ()) -> Table:
    """Read the columns ``names`` of the CSV file ``path`` (see the module docstring).

    ``categorical`` names columns whose values are categories even when they look like
    numbers (codes such as 1, 2, 3). Raises CLIError for an unreadable file, a bad header,
    unknown or duplicate column names, a row with the wrong number of cells, a missing cell
    (without ``dropna``), a column mixing numbers and text, or no rows left.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text('\\ufeffx;"group"\\n"1,5";a\\n2;b\\n;a\\n', encoding="utf-8")
    >>> table = read_table(str(path), ["x", "group"], decimal=",", dropna=True)
    >>> table.delimiter, table.rows, table.columns["x"].values.tolist()
    (';', 2, [1.5, 2.0])
    >>> table.columns["group"].categories, table.columns["group"].values.tolist()
    (('a', 'b'), [0, 1])
    """
    if decimal == "," and delimiter == ",":
        raise CLIError("--decimal ',' needs another delimiter than ','; give --delimiter")
    wanted = list(dict.fromkeys(names))
    with _open(path) as handle:
        try:
            if delimiter is None:
                sample = handle.read(_SAMPLE_CHARS)
                handle.seek(0)
                delimiter, detected = _detect(path, sample), True
            else:
                detected = False
            if decimal == "," and delimiter == ",":
                raise CLIError(f"{path!r} is comma-delimited, so its numbers cannot have a "
                               "decimal comma (--decimal ','); give --delimiter")
            reader = csv.reader(handle, delimiter=delimiter, strict=True)
            return _read(path, reader, wanted, delimiter, detected, decimal, dropna,
                         set(categorical))
        except UnicodeDecodeError as exc:
            line = reader.line_num + 1 if "reader" in locals() else 1
            raise CLIError(f"{path!r} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} "
                           f"near line {line}); save it as UTF-8 CSV") from None
        except csv.Error as exc:
            raise CLIError(f"{path!r} line {reader.line_num}: {exc}") from None


def _header(path: str, reader) -> list[str]:
    for row in reader:
        if any(cell.strip() for cell in row):
            names = [cell.strip() for cell in row]
            break
    else:
        raise CLIError(f"{path!r} is empty; expected a header row with column names")
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if name in seen:
            raise CLIError(f"{path!r} has two columns named {name!r} (columns {seen[name]} "
                           f"and {position}); rename one")
        seen[name] = position
    return names


def _read(path, reader, wanted, delimiter, detected, decimal, dropna, categorical) -> Table:
    import numpy as np

    header = _header(path, reader)
    unknown = [name for name in wanted if name not in header]
    if unknown:
        raise CLIError(f"no column {_names(unknown)} in {path!r}; its columns are "
                       f"{_names(header)}")
    undeclared = sorted(set(categorical) - set(wanted))
    if undeclared:
        raise CLIError(f"--categorical {_names(undeclared)}: not a column that is tested")
    index = [header.index(name) for name in wanted]
    readers = [_Reader(name, name in categorical, decimal) for name in wanted]
    complete = array("b")
    missing = dict.fromkeys(wanted, 0)
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # blank line
        if len(row) != len(header):
            raise CLIError(f"{path!r} line {start} has {len(row)} cells; the header has "
                           f"{len(header)} (delimiter {_delimiter_name(delimiter)})")
        whole = True
        for k, column in zip(index, readers):
            if not column.add(row[k].strip(), start, path):
                if not dropna:
                    what = "empty cell" if not row[k].strip() else f"missing value {row[k]!r}"
                    raise CLIError(f"{path!r} line {start}, column {column.name!r}: {what}; "
                                   "give --dropna to drop rows with missing cells")
                missing[column.name] += 1
                whole = False
        complete.append(whole)
    rows_read = len(complete)
    if rows_read == 0:
        raise CLIError(f"{path!r} has a header but no data rows")
    keep = np.frombuffer(complete, dtype=np.int8).astype(bool)
    kept = int(keep.sum())
    if kept == 0:
        raise CLIError(f"{path!r}: no row has a value in every column tested "
                       f"({_names(wanted)}); --dropna left nothing")
    columns = {column.name: column.column(keep, path) for column in readers}
    return Table(path, delimiter, detected, rows_read, rows_read - kept,
                 {name: count for name, count in missing.items() if count}, columns)
