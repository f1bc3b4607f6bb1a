"""`commonweal opportunities --within-months N [--organisation SLUG] [--json]`.

Lists the opportunities to buy together among all contracts on the platform (the command
line is run by the platform's operators): soonest notice date first. Exit code 0, or 1
when the arguments are wrong.
"""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonweal.commissioning import opportunities
from commonweal.commissioning.validation import ContractInvalid
from commonweal.organisations.models import Organisation


def _as_dict(opp: opportunities.Opportunity) -> dict:
    return {
        "id": opp.ident,
        "basis": opp.basis,
        "key": opp.key,
        "label": opp.label,
        "organisations": [{"slug": o.slug, "name": o.name} for o in opp.organisations],
        "contract_ids": opp.contract_ids,
        "combined_annual_value": str(opp.combined_annual_value),
        "earliest_notice_date": opp.earliest_notice_date.isoformat(),
        "end_dates": {"first": opp.window_start.isoformat(), "last": opp.window_end.isoformat()},
        "suggested_assets": [{"slug": a.slug, "title": a.title} for a in opp.assets],
    }


class Command(BaseCommand):
    help = "List opportunities to buy together: contracts ending within N months of each other."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--within-months", required=True, metavar="N", help="the window, 1 to 60 months"
        )
        parser.add_argument(
            "--organisation", metavar="SLUG", help="only opportunities that include it"
        )
        parser.add_argument("--json", dest="as_json", action="store_true", help="print JSON")

    def handle(self, *args, within_months: str, organisation: str | None, as_json: bool, **opts):
        chosen = None
        if organisation:
            found = Organisation.objects.filter(slug=organisation).first()
            if found is None:
                raise CommandError(f"There is no organisation “{organisation}”.", returncode=1)
            chosen = [found]
        try:
            found_opps = opportunities.find_opportunities(
                within_months=within_months, organisations=chosen
            )
        except ContractInvalid as invalid:
            raise CommandError(" ".join(invalid.errors.values()), returncode=1) from None
        if as_json:
            months = opportunities.check_window(within_months)
            report = {"within_months": months, "opportunities": [_as_dict(o) for o in found_opps]}
            self.stdout.write(json.dumps(report, indent=2))
            return
        self._print(found_opps, within_months)

    def _print(self, found: list, within_months: str) -> None:
        if not found:
            self.stdout.write(f"No opportunities: no contracts end within {within_months} months.")
            return
        self.stdout.write(f"{len(found)} opportunit{'y' if len(found) == 1 else 'ies'}:")
        for opp in found:
            by_group = opp.basis == opportunities.Basis.CPV_GROUP
            names = ", ".join(o.name for o in opp.organisations)
            self.stdout.write(
                f"\n{opp.basis_label}: {opp.label}{f' (CPV group {opp.key})' if by_group else ''}\n"
                f"  organisations: {names}\n"
                f"  contracts: {len(opp.contract_ids)}, ending {opp.window_start:%d/%m/%Y} to "
                f"{opp.window_end:%d/%m/%Y}\n"
                f"  combined annual value: £{opp.combined_annual_value:,.2f}\n"
                f"  earliest notice date: {opp.earliest_notice_date:%d/%m/%Y}"
            )
            if opp.assets:
                self.stdout.write(
                    "  might be replaced by: " + "; ".join(a.title for a in opp.assets)
                )
