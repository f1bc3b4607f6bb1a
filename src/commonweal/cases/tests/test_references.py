"""Case references: made readable, read back however they are typed, and put into URLs."""

import pytest
from django.urls import reverse

from commonweal.cases import references


def test_new_references_are_well_formed_and_differ():
    made = {references.new_reference() for _ in range(100)}
    assert len(made) == 100
    assert all(references.is_reference(reference) for reference in made)


@pytest.mark.parametrize("typed", ["cw 7k3f9q2m", "CW-7K3F-9Q2M", "7k3f-9q2m", " cw7k3f9q2m "])
def test_typed_references_are_read_in_their_stored_form(typed):
    assert references.normalise(typed) == "CW-7K3F-9Q2M"


@pytest.mark.parametrize("url_name", ["workspace:case", "portal:case"])
def test_the_url_maker_gives_what_reverse_gives_for_each_reference(url_name):
    made = references.url_maker(url_name)
    for reference in ("CW-7K3F-9Q2M", references.STAND_IN, references.new_reference()):
        assert made(reference) == reverse(url_name, kwargs={"reference": reference})
