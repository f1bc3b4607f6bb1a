"""`commonweal open-data`: make the organisations' open-data files again."""

from django.core.management.base import BaseCommand, CommandError

from commonweal.insight import open_data


class Command(BaseCommand):
    help = (
        "Make each active organisation's open-data files (its anonymised requests as CSV "
        "and JSON) again, replacing the old ones. With --organisation, only that one's."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--organisation", metavar="SLUG", help="Only this organisation.")

    def handle(self, *args: object, **options: object) -> None:
        slug = options["organisation"]
        made = open_data.make_all(slug=slug)  # type: ignore[arg-type]
        if slug and not made:
            raise CommandError(
                f"No active organisation with the slug {slug!r} runs a service: nothing made."
            )
        for each in made:
            requests = "request" if each.rows == 1 else "requests"
            self.stdout.write(f"{each.organisation.name}: {each.rows} {requests}.")
        self.stdout.write(f"Open data made for {len(made)} organisations.")
