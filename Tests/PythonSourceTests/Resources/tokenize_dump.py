#!/usr/bin/env python3
"""Dump CPython's `tokenize` view of Python files with UTF-8 byte offsets.

Used by the Swift lexer tests to compare PythonLexer with CPython.

    python3 tokenize_dump.py FILE...
    python3 tokenize_dump.py --stdin-list < paths.txt      (one path per line)
    python3 tokenize_dump.py < paths.txt                   (no FILE arguments: same as --stdin-list)

For each file, one JSON line:

    {"path": "...", "ok": true, "tokens": [[KIND, start, end], ...]}
    {"path": "...", "ok": false, "error": "..."}

KIND is `tokenize.tok_name[tok.type]` (operators are all "OP"; the ENCODING token is skipped).
`start`/`end` are byte offsets into the file's raw bytes. tokenize reports (row, col) where row
counts lines split on b"\\n" only (a "\\r" stays inside its line) and col counts characters of
the decoded line; line 1 does not include a UTF-8 BOM, so its columns are shifted by 3 bytes.
A position past the end of the file (the implicit NEWLINE that tokenize adds when the file has
no final newline ends one column past the last character; DEDENT/ENDMARKER sit on the row after
the last line) maps to len(bytes).

On Python >= 3.12, FSTRING_START ... FSTRING_END (and TSTRING_* on 3.14) are merged, nesting
included, into one STRING token so that the output matches 3.11, which tokenizes an f-string as
a single STRING.

Files that are not valid UTF-8, or that tokenize rejects (TokenError, IndentationError,
SyntaxError), give "ok": false.
"""

from __future__ import annotations

import io
import json
import sys
import tokenize

BOM = b"\xef\xbb\xbf"

_START_KINDS = {"FSTRING_START", "TSTRING_START"}
_END_KINDS = {"FSTRING_END", "TSTRING_END"}


class _Positions:
    """Maps tokenize's (row, col) to byte offsets in `data`."""

    def __init__(self, data: bytes, encoding: str):
        self.data = data
        self.encoding = encoding
        # Line starts, split the way BytesIO.readline splits: after every b"\n".
        self.starts = [0]
        find = data.find
        i = find(b"\n")
        while i != -1:
            self.starts.append(i + 1)
            i = find(b"\n", i + 1)
        if self.starts[-1] == len(data) and len(self.starts) > 1:
            self.starts.pop()  # no (empty) line after a final newline
        self.bom = data.startswith(BOM)
        self._cache: dict[int, tuple[int, bytes, str | None]] = {}

    def _line(self, row: int) -> tuple[int, bytes, str | None]:
        cached = self._cache.get(row)
        if cached is None:
            start = self.starts[row - 1]
            end = self.starts[row] if row < len(self.starts) else len(self.data)
            if row == 1 and self.bom:
                start += len(BOM)
            raw = self.data[start:end]
            text = None if raw.isascii() else raw.decode(self.encoding)
            cached = self._cache[row] = (start, raw, text)
        return cached

    def offset(self, row: int, col: int) -> int:
        if row < 1:
            return 0
        if row > len(self.starts):
            return len(self.data)
        start, raw, text = self._line(row)
        if text is None:
            width = col
        elif col <= len(text):
            width = len(text[:col].encode(self.encoding))
        else:
            width = len(raw) + (col - len(text))
        return min(start + width, len(self.data))


def dump(path: str) -> dict:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return {"path": path, "ok": False, "error": f"cannot read: {error}"}
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return {"path": path, "ok": False, "error": f"not UTF-8: {error}"}

    tokens: list[list] = []
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
        positions = _Positions(data, "utf-8" if encoding == "utf-8-sig" else encoding)
        depth = 0
        string_start = 0
        for tok in tokenize.tokenize(io.BytesIO(data).readline):
            kind = tokenize.tok_name[tok.type]
            if kind == "ENCODING":
                continue
            if kind in _START_KINDS:
                if depth == 0:
                    string_start = positions.offset(*tok.start)
                depth += 1
                continue
            if kind in _END_KINDS:
                depth -= 1
                if depth == 0:
                    tokens.append(["STRING", string_start, positions.offset(*tok.end)])
                continue
            if depth > 0:
                continue
            tokens.append([kind, positions.offset(*tok.start), positions.offset(*tok.end)])
    except Exception as error:  # TokenError, SyntaxError/IndentationError, bad coding cookie, ...
        return {"path": path, "ok": False, "error": f"{type(error).__name__}: {error}"}
    return {"path": path, "ok": True, "tokens": tokens}


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--stdin-list"]
    if "--stdin-list" in argv or not args:
        args += [line.rstrip("\r\n") for line in sys.stdin if line.strip()]
    out = sys.stdout
    for path in args:
        out.write(json.dumps(dump(path), ensure_ascii=True))
        out.write("\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
