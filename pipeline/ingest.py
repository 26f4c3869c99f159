"""Ingest: seed files on disk → one :class:`RawDocument` per file, never an exception.

A seed that cannot be used (empty, binary, too large, undecodable, a symlink leaving the
seeds folder, broken or looping, a pipe or other non-file, the same bytes as an earlier seed)
still becomes a document, with ``status="rejected"`` and a ``reject_reason`` a person can act
on. Everything else is decoded to text (UTF-8, UTF-16 with or without BOM, legacy single- and
multi-byte encodings, UTF-8 with a few broken bytes) and recorded with the decoding used.
HTML stays markup here: ``raw_text`` is the file's text as decoded (see ``html_text.py``).

A folder read before need not be read again: every document records its file's stamp
(:class:`FileStamp`), and :func:`survey` names the files whose stamp the last read
(``seed_memo.py``) holds unchanged, so their documents are taken from it instead of reading,
hashing and decoding the files (``batch.read_seeds_incremental``).

What does not belong here: repairing or interpreting the text (see ``clean.py``).
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import charset_normalizer

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SEED_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ""})

# file signatures of formats that are not text
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (docx/xlsx?)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an OLE2 (old Office) document",
}
# legacy encodings tried when the bytes are not UTF-8; the most plausible decoding wins and
# ties go to the earlier one
_FALLBACK_ENCODINGS = ("cp1252", "gb18030", "cp1256", "euc-kr", "shift_jis", "latin-1")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class FileStamp:
    """A regular file's identity and last change as the file system keeps them: the test git's
    index makes to know a file is untouched without reading it. Writing a file changes its
    mtime and ctime; replacing it by a rename changes its inode."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int
    # when the stamp was taken (the wall clock the file system stamps changes with)
    taken_ns: int

    def untouched_since(self, earlier: FileStamp, settled_ns: int) -> bool:
        """Whether the file is the one ``earlier`` stamped, unchanged. A write within the same
        clock tick as the one before can leave a stamp as it was, so ``earlier`` counts only
        if the file had been left alone for ``settled_ns`` when it was taken (git's "racily
        clean" rule)."""
        return (self.device, self.inode, self.size, self.mtime_ns, self.ctime_ns) == \
            (earlier.device, earlier.inode, earlier.size, earlier.mtime_ns, earlier.ctime_ns) \
            and max(earlier.mtime_ns, earlier.ctime_ns) < earlier.taken_ns - settled_ns


def file_stamp(path: Path) -> FileStamp | None:
    """The stamp of a regular file (a symlink is not followed); None for anything else."""
    taken = time.time_ns()
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return FileStamp(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, taken)


@dataclass(frozen=True, slots=True)
class RawDocument:
    doc_id: str
    source_file: str
    content_sha256: str
    n_bytes: int
    status: str
    reject_reason: str | None
    raw_text: str | None
    encoding: str | None
    duplicate_of: str | None = None
    # the file's stamp taken just before it was read (None: not a regular file)
    stamp: FileStamp | None = None


class LastRead(Protocol):
    """An earlier read of the same folder, as far as :func:`survey` asks."""

    def unchanged(self, stamps: dict[str, FileStamp]) -> set[str]:
        """Source names among ``stamps`` read earlier with the same, settled stamp."""


def doc_id_for(source_file: str) -> str:
    """Stable id of a seed: a digest of its path relative to the seeds folder."""
    return "doc_" + hashlib.sha256(source_file.encode("utf-8")).hexdigest()[:16]


def list_seed_files(seeds_dir: Path) -> list[Path]:
    """Every file or symlink under ``seeds_dir`` (hidden names skipped), sorted. Symlinks to
    folders are listed too (not followed), so :func:`read_seed` can say why they are refused."""
    return [path for _, path in named_seed_files(seeds_dir)]


def named_seed_files(seeds_dir: Path) -> list[tuple[str, Path]]:
    """:func:`list_seed_files` with each file's :func:`source_name`."""
    out: list[tuple[str, str]] = []  # (source name, path): names are made once per folder
    base = os.fspath(seeds_dir)
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        folder = os.path.relpath(root, base)
        prefix = "" if folder == "." else _shown(folder.replace(os.sep, "/")) + "/"
        out += [(prefix + _shown(d), os.path.join(root, d)) for d in dirs
                if os.path.islink(os.path.join(root, d))]
        out += [(prefix + _shown(name), os.path.join(root, name)) for name in files
                if not name.startswith(".")]
    return [(name, Path(path)) for name, path in sorted(out)]


def source_name(path: Path, seeds_dir: Path) -> str:
    """``path`` relative to the seeds folder as text; bytes of a file name that are not UTF-8
    are written as ``\\xNN`` escapes, so the name can be stored and shown."""
    return _shown(path.relative_to(seeds_dir).as_posix())


def _shown(name: str) -> str:
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def decode(data: bytes) -> tuple[str | None, str | None, str | None]:
    """``(text, encoding, reason)``: the text and the decoding used, or why there is none."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, None
            except UnicodeDecodeError as exc:
                return None, None, f"starts with a {enc} byte-order mark but does not decode: {exc.reason}"
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return None, None, f"binary file: looks like {what}, not text"
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        return None, None, "binary file: contains NUL bytes"
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    candidates = []
    for enc in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            candidates.append((_garbled_share(text), enc, text))
    if candidates:
        best = min(share for share, _, _ in candidates)
        tied = [(enc, text) for share, enc, text in candidates if share == best]
        enc, text = _prefer_detected(data, tied)
        return text, enc, None
    return None, None, "not valid UTF-8 and no known encoding gives readable text"


def _mostly_utf8(data: bytes) -> tuple[str, str, None] | None:
    """UTF-8 text with a few broken sequences (a truncated copy, one stray Latin-1 byte):
    decoded as UTF-8 with each bad byte shown as U+FFFD, rather than the whole page read in a
    legacy encoding that garbles every correct character. It counts as UTF-8 when its valid
    multi-byte sequences outnumber its invalid bytes."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    valid_multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if invalid and valid_multibyte > invalid and _looks_like_text(text):
        return text, f"utf-8 ({invalid} invalid byte{'s' if invalid > 1 else ''} replaced)", None
    return None


def _utf16_without_bom(data: bytes) -> tuple[str, str, None] | None:
    """UTF-16 text without a BOM shows NUL in every other byte of ASCII-range text."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for enc, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros > len(sample) // 4:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text, enc, None
    return None


def _prefer_detected(data: bytes, tied: list[tuple[str, str]]) -> tuple[str, str]:
    """Among equally plausible decodings, the one charset-normalizer's language model picks
    (it tells EUC-KR Korean from GB18030 Chinese), else the first."""
    guess = charset_normalizer.from_bytes(data).best()
    if guess is not None:
        wanted = codecs.lookup(guess.encoding).name
        for enc, text in tied:
            if codecs.lookup(enc).name == wanted:
                return enc, text
    return tied[0]


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def _garbled_share(text: str) -> float:
    """Share of words that look like a wrong decoding: words mixing scripts (``f黵``) or
    Latin words made mostly of accented letters (``ÓáæÇí``)."""
    words = _WORD.findall(text[:20000])
    if not words:
        return 1.0
    bad = 0
    for word in words:
        if word.isascii():
            continue
        scripts = {_script(ch) for ch in word}
        if len(scripts) > 1:
            bad += 1
        elif scripts == {"LATIN"} and 2 * sum(ord(ch) > 127 for ch in word) > len(word):
            bad += 1
    return bad / len(words)


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text[:20000] if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x80 <= ord(ch) < 0xA0)
    return bad / min(len(text), 20000) < 0.01


def read_seed(path: Path, seeds_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES,
              name: str | None = None) -> RawDocument:
    """Read one seed (``name``: its :func:`source_name`, when known); any problem becomes a
    rejected document, never an exception. At most ``max_bytes + 1`` bytes are ever read, so
    an oversized file is refused without loading it."""
    rel = name or source_name(path, seeds_dir)
    doc_id = doc_id_for(rel)

    def rejected(reason: str, sha: str = "", n: int = 0) -> RawDocument:
        return RawDocument(doc_id, rel, sha, n, "rejected", reason, None, None)

    def too_large(size: int) -> RawDocument:
        return rejected(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                        "(MSC_MAX_SEED_BYTES)", n=size)

    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            try:
                target = path.resolve(strict=True)
            except FileNotFoundError:
                return rejected(f"broken symlink: its target {os.readlink(path)} does not exist")
            except RuntimeError:
                return rejected("symlink loop: the link never reaches a file")
            if not target.is_relative_to(seeds_dir.resolve()):
                return rejected(f"symlink pointing outside the seeds folder ({target}); refused")
            if target.is_dir():
                return rejected("symlink to a folder; not followed")
            st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return rejected(f"not a regular file ({_file_kind(st.st_mode)})")
        if st.st_size > max_bytes:
            return too_large(st.st_size)
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:  # the file grew after it was measured
            return too_large(max(len(data), path.stat().st_size))
    except OSError as exc:
        return rejected(f"unreadable: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return rejected("empty file" if not data else "empty file (whitespace only)", sha, len(data))
    text, encoding, reason = decode(data)
    if text is None:
        return rejected(reason or "undecodable", sha, len(data))
    if not text.strip():
        return rejected("no text after decoding", sha, len(data))
    return RawDocument(doc_id, rel, sha, len(data), "ok", None, text, encoding)


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return "unknown kind"


@dataclass(frozen=True)
class FolderSurvey:
    """The seeds folder as found before any file is read: every seed's source name and path
    (sorted by name), the stamps of its regular files, and the names an earlier read holds
    with an unchanged stamp (taken from it instead of being read again). The stamps are all
    taken before any file is read, so a file changed meanwhile is read again next time."""

    paths: list[tuple[str, Path]]
    stamps: dict[str, FileStamp]
    unchanged: frozenset[str]


def survey(seeds_dir: Path, last_read: LastRead | None = None) -> FolderSurvey:
    """The :class:`FolderSurvey` of ``seeds_dir`` against ``last_read``."""
    paths = named_seed_files(seeds_dir)
    stamps = {name: stamp for name, path in paths if (stamp := file_stamp(path))}
    unchanged = last_read.unchanged(stamps) if last_read else set()
    # two files can show the same name (undecodable bytes written as escapes): read both
    unchanged -= {name for name, n in Counter(name for name, _ in paths).items() if n > 1}
    return FolderSurvey(paths, stamps, frozenset(unchanged))


def read_changed(found: FolderSurvey, seeds_dir: Path,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[int, RawDocument]]:
    """``(position in found.paths, document)`` of every seed not unchanged, read now and
    stamped, one at a time. Duplicates are not decided here (see :class:`FirstCopies`)."""
    for position, (name, path) in enumerate(found.paths):
        if name not in found.unchanged:
            yield position, replace(read_seed(path, seeds_dir, max_bytes, name),
                                    stamp=found.stamps.get(name))


class FirstCopies:
    """The first usable document with each content digest, in folder order: a later copy of
    the same bytes is rejected as a duplicate of it, so each text is counted once. Only
    ``(source_file, doc_id)`` is kept per digest, so texts are not held while a big folder
    streams through."""

    def __init__(self) -> None:
        self._first: dict[str, tuple[str, str]] = {}

    def earlier_copy(self, sha: str, source_file: str, doc_id: str) -> tuple[str, str] | None:
        """``(source_file, doc_id)`` of an earlier document with these bytes, or None when
        this one is the first (and is remembered as such). Call in folder order, for usable
        documents only."""
        first = self._first.get(sha)
        if first is None:
            self._first[sha] = (source_file, doc_id)
        return first


def duplicate_reason(first_file: str) -> str:
    return f"duplicate: same bytes as {first_file}"


def ingest(seeds_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument]:
    """Every seed under ``seeds_dir`` as a document, one at a time (sorted by path); later
    copies of the same bytes are rejected as duplicates of the first. (Reading a folder again
    while taking untouched files from the last read is ``batch.read_seeds_incremental``.)"""
    copies = FirstCopies()
    for _, doc in read_changed(survey(seeds_dir), seeds_dir, max_bytes):
        if doc.status == "ok" and (first := copies.earlier_copy(
                doc.content_sha256, doc.source_file, doc.doc_id)):
            doc = replace(doc, status="rejected", duplicate_of=first[1],
                          reject_reason=duplicate_reason(first[0]))
        yield doc
