"""Turn uploaded bytes into text: size limit, binary detection, UTF-8 then Windows-1252."""

from __future__ import annotations

from portal.shelf.importer import MAX_FILE_BYTES, ImportProblem

BINARY_SIGNATURES = (
    b"%PDF",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
)


def check_size(name: str, data: bytes) -> bytes:
    """Refuse empty files and files over the limit, naming the size and the limit."""
    if not data or not data.strip():
        raise ImportProblem(f"{name}: the file is empty; choose the file that holds the article")
    if len(data) > MAX_FILE_BYTES:
        raise ImportProblem(too_large(name, len(data)))
    return data


def too_large(name: str, size: int) -> str:
    """The message for a file over the limit, naming its size and the limit."""
    limit = MAX_FILE_BYTES // (1024 * 1024)
    return (
        f"{name}: the file is {size / (1024 * 1024):.1f} MB; the importer reads files up to "
        f"{limit} MB, so split it into smaller files"
    )


def _looks_binary(data: bytes) -> bool:
    """A known document/image signature, NUL bytes or many control characters mean not text."""
    if data.startswith(BINARY_SIGNATURES) or b"\x00" in data[:8192]:
        return True
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.02


def decode_text(name: str, data: bytes) -> str:
    """Decode as UTF-8 (with or without a byte-order mark), else Windows-1252, else refuse."""
    check_size(name, data)
    if _looks_binary(data):
        raise ImportProblem(
            f"{name}: this is not a text file (it may be a PDF, Word document or image); "
            "copy the article's text into a .txt file instead"
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    raise ImportProblem(
        f"{name}: the text could not be read (it is neither UTF-8 nor Windows-1252); "
        "save it as UTF-8 and try again"
    )
