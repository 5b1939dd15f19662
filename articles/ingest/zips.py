"""Zip files: their members are read in memory, never written to disk.

Nothing is extracted, so a member called ``../../etc/passwd`` could not land
anywhere; it is still refused and reported, because a zip built like that is
not an editor's export.  Sizes in a zip's directory are claims: each member
is read with a cap, so a zip bomb stops at the limit rather than filling
memory.
"""

import io
import stat
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from articles.ingest.validation import Unreadable

DEFAULT_MAX_TOTAL_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_MEMBERS = 5000
# Text compresses well, but not a thousandfold: beyond this it is a bomb.
MAX_RATIO = 200


def _limits():
    config = settings.NEWSARCHIVE
    return (
        config.get("IMPORT_MAX_ZIP_BYTES", DEFAULT_MAX_TOTAL_BYTES),
        config.get("IMPORT_MAX_ZIP_MEMBERS", DEFAULT_MAX_MEMBERS),
        config.get("IMPORT_MAX_FILE_BYTES", 10 * 1024 * 1024),
    )


def _unsafe(name):
    path = PurePosixPath(name.replace("\\", "/"))
    return (
        name.startswith(("/", "\\"))
        or ".." in path.parts
        or (len(name) > 1 and name[1] == ":")
        or "\x00" in name
    )


def _skipped(info):
    parts = PurePosixPath(info.filename).parts
    # Finder's resource forks and hidden files are not content.
    return info.is_dir() or parts[0] == "__MACOSX" or parts[-1].startswith(".")


def read_zip(name, data):
    """Yield ``(location, bytes | Unreadable)`` for each member of the zip ``data``."""
    max_total, max_members, max_file = _limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        yield name, Unreadable(f"not a readable zip file: {error}")
        return
    if len(infos) > max_members:
        yield (
            name,
            Unreadable(f"the zip holds {len(infos)} entries; at most {max_members} are read"),
        )
        return
    total = 0
    with archive:
        for info in infos:
            location = f"{name}/{info.filename}"
            if _unsafe(info.filename):
                yield (
                    location,
                    Unreadable(
                        "unsafe path in the zip (absolute, or climbing out with '..'); not read"
                    ),
                )
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                yield location, Unreadable("a symbolic link in the zip; not read")
                continue
            if _skipped(info):
                continue
            if info.flag_bits & 0x1:
                yield location, Unreadable("the member is encrypted")
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                yield (
                    location,
                    Unreadable(
                        f"compressed {info.file_size / info.compress_size:.0f} to 1: a zip bomb,"
                        " not read"
                    ),
                )
                continue
            cap = min(max_file, max_total - total)
            try:
                with archive.open(info) as member:
                    content = member.read(cap + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as error:
                yield location, Unreadable(f"cannot read the member: {error}")
                continue
            if len(content) > cap:
                which = "the member" if cap == max_file else "the zip's content"
                limit = max_file if cap == max_file else max_total
                yield (
                    location,
                    Unreadable(
                        f"{which} unpacks to more than {filesizeformat(limit)}; not read"
                        " (a zip bomb, or too big to import)"
                    ),
                )
                if cap != max_file:
                    return
                continue
            total += len(content)
            yield location, content
