"""The media files (attachments) under MEDIA_ROOT: listed for a backup, put back on restore."""

import os
import shutil
from pathlib import Path

PREFIX = "media/"


def media_files(*, media_root: Path) -> list[tuple[str, Path]]:
    """Every regular file under MEDIA_ROOT as (archive member name, path), in order."""
    if not media_root.is_dir():
        return []
    return [
        (PREFIX + path.relative_to(media_root).as_posix(), path)
        for path in sorted(media_root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]


def replace_media(*, unpacked: Path, media_root: Path) -> int:
    """Make MEDIA_ROOT hold exactly the backup's files; return how many.

    Each file is written beside its place and renamed into it; files the backup does not
    have are removed. MEDIA_ROOT itself stays (it may be a mount point).
    """
    source = unpacked / PREFIX.rstrip("/")
    wanted = (
        {path.relative_to(source) for path in source.rglob("*") if path.is_file()}
        if source.is_dir()
        else set()
    )
    media_root.mkdir(parents=True, exist_ok=True)
    for relative in sorted(wanted):
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(source / relative, staged)
        os.replace(staged, target)
    for path in sorted(media_root.rglob("*"), reverse=True):
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif path.relative_to(media_root) not in wanted:
            path.unlink()
    return len(wanted)
