"""`commonweal erase-personal-data`: erase a resident's personal data when they ask."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonweal.cases import privacy, subject_access
from commonweal.cases.models import Case


class Command(BaseCommand):
    help = (
        "Erase the personal data a resident gave with their requests (contact details, "
        "photos, free text), all of them or one by reference. Lists what will be erased and "
        "asks first, unless --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", default="", help="Their e-mail address.")
        parser.add_argument("--phone", default="", help="Their phone number.")
        parser.add_argument("--reference", default="", help="Only this request.")
        parser.add_argument("--yes", action="store_true", help="Do not ask to confirm.")

    def handle(self, *args: object, **options) -> None:
        email, phone = options["email"].strip(), options["phone"].strip()
        if not (email or phone):
            raise CommandError("Give the person's e-mail address (--email) or phone (--phone).")
        reporters = subject_access.find_reporters(email=email, phone=phone)
        cases = Case.objects.filter(reporter__in=reporters).select_related("definition")
        if options["reference"]:
            cases = cases.filter(reference=options["reference"].strip().upper())
        cases = list(cases.order_by("submitted_at", "pk"))
        if not cases:
            self.stdout.write("No personal data to erase: no request of theirs matches.")
            return
        self.stdout.write("The contact details, photos and free text of these requests:")
        for case in cases:
            self.stdout.write(
                f"  {case.reference}  {case.definition.name}, sent {case.submitted_at:%d %B %Y}"
            )
        if subject_access.find_account(email=email) is not None:
            self.stdout.write(
                "Their account is kept (it is theirs to close); the requests will no longer "
                "be linked to it."
            )
        if not (options["yes"] or self.confirmed()):
            self.stdout.write("Nothing erased.")
            return
        erased = sum(privacy.erase_case(case=case, reason=privacy.REQUEST) for case in cases)
        self.stdout.write(
            f"Erased the personal data of {erased} request{'' if erased == 1 else 's'}."
        )

    def confirmed(self) -> bool:
        answer = input("Erase them? This cannot be undone. [y/N] ")
        return answer.strip().lower() in ("y", "yes")
