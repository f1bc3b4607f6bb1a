from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class OrganisationsConfig(AppConfig):
    name = "commonweal.organisations"
    label = "organisations"

    def ready(self) -> None:
        from commonweal.organisations import places
        from commonweal.organisations.models import Area, Organisation

        # Keep this process's place index in step with the boundaries it routes by.
        for model in (Area, Organisation):
            for signal in (post_save, post_delete):
                signal.connect(
                    lambda **kwargs: places.invalidate(),
                    sender=model,
                    weak=False,
                    dispatch_uid=f"places-invalidate-{model.__name__}-{signal}",
                )
