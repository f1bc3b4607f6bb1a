"""`commonweal where LAT LON [--function F] [--json]`: who covers a point, who is responsible."""

import json
import sys

from django.core.management.base import BaseCommand, CommandParser

from commonweal.organisations import places
from commonweal.organisations.functions import FUNCTIONS

EXIT_NOBODY = 1
EXIT_USAGE = 2


def _describe(place: places.Place) -> dict:
    return {
        "name": place.name,
        "slug": place.slug,
        "gss_code": place.gss_code,
        "kind": place.kind,
        "functions": sorted(place.functions),
    }


class Command(BaseCommand):
    help = "Show the organisations covering a point and, with --function, the one responsible."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        self._parser = super().create_parser(prog_name, subcommand, **kwargs)
        return self._parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("lat", metavar="LAT", help="latitude in degrees (WGS84), e.g. 52.2053")
        parser.add_argument("lon", metavar="LON", help="longitude in degrees (WGS84), e.g. 0.1218")
        parser.add_argument(
            "--function",
            metavar="F",
            help=f"a function, one of: {', '.join(sorted(FUNCTIONS))}",
        )
        parser.add_argument("--json", dest="as_json", action="store_true", help="print JSON")

    def handle(self, *args, lat: str, lon: str, function: str | None, as_json: bool, **options):
        try:
            lat_f, lon_f = places.check_location(lat, lon)
            if function is not None:
                places.check_function(function)
        except ValueError as problem:
            self._usage_error(str(problem))
        covering = places.covering(lat_f, lon_f)
        responsible = places.responsible(lat_f, lon_f, function) if function else None
        if as_json:
            self._print_json(lat_f, lon_f, function, covering, responsible)
        else:
            self._print_text(lat_f, lon_f, function, covering, responsible)
        if not covering or (function and responsible is None):
            sys.exit(EXIT_NOBODY)

    def _usage_error(self, message: str) -> None:
        self._parser.print_usage(sys.stderr)
        self.stderr.write(f"commonweal where: error: {message}")
        sys.exit(EXIT_USAGE)

    def _print_text(self, lat, lon, function, covering, responsible) -> None:
        if not covering:
            self.stdout.write(f"No organisation covers {lat}, {lon}")
            return
        self.stdout.write(f"Organisations covering {lat}, {lon}, most local first:")
        for place in covering:
            self.stdout.write(
                f"  {place.name} ({place.gss_code or 'no GSS code'}, {place.kind})\n"
                f"    functions: {', '.join(sorted(place.functions)) or 'none'}"
            )
        if function:
            if responsible is None:
                self.stdout.write(f"No organisation holds {function} at {lat}, {lon}")
            else:
                self.stdout.write(f"Responsible for {function}: {responsible.name}")

    def _print_json(self, lat, lon, function, covering, responsible) -> None:
        result: dict = {"lat": lat, "lon": lon, "covering": [_describe(p) for p in covering]}
        if function:
            result["function"] = function
            result["responsible"] = _describe(responsible) if responsible else None
        self.stdout.write(json.dumps(result, indent=2))
