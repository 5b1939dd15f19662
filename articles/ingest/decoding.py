"""Bytes to text, with a clear word when that cannot be done honestly.

UTF-8 is tried first.  A file with no valid UTF-8 beyond ASCII is taken as
Windows-1252 (a superset of latin-1 for every printable character), which is
what old newsroom exports and the Reuters files are.  A file that is valid
UTF-8 in places and not in others has mixed encodings: guessing would garble
one half, so it is refused with the line of the first bad byte.
"""

import codecs
import re


class DecodeError(ValueError):
    def __init__(self, message, line=None):
        self.message = message
        self.line = line
        super().__init__(message)


_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Multi-byte UTF-8 sequences: their presence means the file was meant as UTF-8.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _line_of(data, offset):
    return data.count(b"\n", 0, offset) + 1


def check_not_empty_or_binary(data):
    """Raise ``DecodeError`` for an empty file or one that is plainly not text."""
    if not data.strip():
        raise DecodeError("the file is empty")
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise DecodeError(f"this is {kind}, not a text file")
    nul = data.find(b"\x00", 0, 8192)
    if nul != -1 and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DecodeError(
            f"binary data (a NUL byte at offset {nul}), not a text file", _line_of(data, nul)
        )


def decode_text(data):
    """``(text, note)``: ``note`` says when the file was not UTF-8. Raises ``DecodeError``."""
    check_not_empty_or_binary(data)
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), "read as UTF-16"
            except UnicodeDecodeError as error:
                raise DecodeError(
                    f"broken UTF-16 at byte {error.start}", _line_of(data, error.start)
                ) from None
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as error:
        bad = error.start
    if _UTF8_MULTIBYTE.search(data):
        raise DecodeError(
            f"mixed encodings: the file is UTF-8 in places but byte 0x{data[bad]:02X} at "
            f"offset {bad} is not; save it as UTF-8",
            _line_of(data, bad),
        )
    try:
        return data.decode("cp1252"), "read as Windows-1252/latin-1 (not UTF-8)"
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined exist only in true latin-1.
        return data.decode("latin-1"), "read as latin-1 (not UTF-8)"


def decode_html(data):
    """A saved page as text: its declared charset, else UTF-8, else Windows-1252."""
    check_not_empty_or_binary(data)
    match = _META_CHARSET.search(data[:4096])
    if match:
        try:
            codec = codecs.lookup(match.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            codec = None
        if codec and codec not in ("utf-8", "utf-16-le", "utf-16-be", "utf-16"):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        # A page saved as UTF-8 with a few stray bytes: keep its text, mark the strays.
        return data.decode("utf-8", errors="replace")
    return data.decode("cp1252", errors="replace")
