"""`commonweal validate-service FILE...`: check service definitions without the database.

Prints `ok  FILE: summary` for each sound file and `FILE: location: message` for every
error in the others (on stderr). Exits 0 when every file is sound, 1 otherwise. A
directory stands for the .yaml, .yml and .json files in it.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from commonweal.services.engine import DefinitionInvalid, load_definition

EXIT_INVALID = 1
SUFFIXES = (".yaml", ".yml", ".json")


def _expand(paths: list[str]) -> list[Path]:
    """The files to check; a directory stands for its definition files (or itself if none)."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        found = []
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        files += found or [path]
    return files


class Command(BaseCommand):
    help = (
        "Check service definition files (YAML or JSON) against the schema and the workflow rules."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", metavar="FILE", nargs="+", help="a definition file, or a directory of them"
        )

    def handle(self, *args, files: list[str], **options) -> None:
        failed = False
        for path in _expand(files):
            problems = self._check(path)
            failed = failed or bool(problems)
            for problem in problems:
                self.stderr.write(f"{path}: {problem}")
        if failed:
            sys.exit(EXIT_INVALID)

    def _check(self, path: Path) -> list[str]:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ["no such file"]
        except IsADirectoryError:
            return ["is a directory with no .yaml, .yml or .json files in it"]
        except UnicodeDecodeError:
            return ["not a text file (it is not UTF-8)"]
        except OSError as problem:
            return [f"cannot be read: {problem.strerror}"]
        try:
            definition = load_definition(text=text, filename=path.name)
        except DefinitionInvalid as invalid:
            return [str(error) for error in invalid.errors]
        self.stdout.write(f"ok  {path}: {definition.summary()}")
        return []
