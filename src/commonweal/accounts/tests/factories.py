import factory

from commonweal.accounts import api_tokens
from commonweal.accounts.models import ApiToken, User

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def api_token(user: User) -> str:
    """A new working REST API token for the user (stored hashed); returns the key to send."""
    key = api_tokens.new_key()
    ApiToken.objects.create(user=user, prefix=key[:8], key_hash=api_tokens.hash_key(key))
    return key
