"""The backup archive: a tar.gz of named members, with a JSON manifest written last.

The manifest lists every other member with its SHA-256; reading an archive unpacks each
member into a directory of our choosing (never where the archive says) and refuses one
that is missing, extra, unsafely named or altered.
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from commonweal.operations.errors import OperationFailed

MANIFEST = "manifest.json"
FORMAT = "commonweal-backup/1"
CHUNK = 1024 * 1024


class ArchiveRefused(OperationFailed):
    """The archive is not a sound Commonweal backup; the message says why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_archive(*, output: Path, members: Iterable[tuple[str, Path]], manifest: dict) -> dict:
    """Write the members, then the manifest with their checksums; return the manifest.

    The archive is written beside `output` and moved into place when complete, readable
    by its owner only (it holds personal data).
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    checksums: dict[str, str] = {}
    handle, partial = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
    try:
        with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            for name, path in members:
                checksums[name] = sha256_of(path)
                tar.add(path, arcname=name, recursive=False, filter=_anonymous)
            manifest = {**manifest, "format": FORMAT, "files": checksums}
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
            tar.addfile(info, io.BytesIO(data))
        os.chmod(partial, 0o600)
        os.replace(partial, output)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return manifest


def _anonymous(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """Members carry no owner: the archive may be restored on another machine."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ArchiveRefused(f"The archive names a file outside itself: {name!r}.")
    return path


def read_archive(*, archive: Path, into: Path) -> dict[str, Any]:
    """Unpack the archive into `into` and return its manifest once every checksum matches."""
    found: dict[str, str] = {}
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                if member.isdir():
                    continue
                if not member.isfile():
                    raise ArchiveRefused(f"The archive holds something not a file: {member.name}.")
                relative = _safe_name(member.name)
                if member.name in found:
                    raise ArchiveRefused(f"The archive holds {member.name} twice.")
                target = into.joinpath(*relative.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                source = tar.extractfile(member)
                with target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                found[member.name] = digest.hexdigest()
    except (tarfile.TarError, EOFError, OSError) as problem:
        raise ArchiveRefused(f"{archive} is not a readable backup archive: {problem}.") from None
    if MANIFEST not in found:
        raise ArchiveRefused(f"{archive} has no {MANIFEST}: it is not a Commonweal backup.")
    try:
        manifest = json.loads((into / MANIFEST).read_text())
    except ValueError:
        raise ArchiveRefused(f"The {MANIFEST} in {archive} is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveRefused(f"{archive} is not in the {FORMAT} format this Commonweal reads.")
    listed = manifest.get("files") or {}
    del found[MANIFEST]
    problems = sorted(
        [f"{name} is missing" for name in listed.keys() - found.keys()]
        + [f"{name} is not in the manifest" for name in found.keys() - listed.keys()]
        + [
            f"{name} does not match its checksum"
            for name in found.keys() & listed.keys()
            if found[name] != listed[name]
        ]
    )
    if problems:
        raise ArchiveRefused(f"{archive} has been altered or damaged: " + "; ".join(problems) + ".")
    return manifest
