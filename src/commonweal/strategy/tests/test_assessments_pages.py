"""The assessment pages: one theme a page, saving as you go, resuming, completing; members
see them, only executives and administrators change them, and others get 404."""

import pytest

from commonweal.strategy.models import Assessment, ThemeScore
from commonweal.strategy.tests.factories import scored, theme_keys


def url(council, tail: str = "") -> str:
    return f"/strategy/{council.org.slug}/assessments/{tail}"


def test_starting_goes_to_the_first_theme(client, council):
    client.force_login(council.cio)

    response = client.post(url(council, "start"))

    assessment = Assessment.objects.get()
    assert response.url == url(council, f"{assessment.pk}/{theme_keys()[0]}/")
    page = client.get(response.url).content.decode()
    assert "Theme 1 of 15" in page
    assert "Save and continue" in page and "Save and come back later" in page


def test_save_and_continue_goes_to_the_next_theme_not_done(client, council):
    keys = theme_keys()
    assessment = scored(council.org, 2, complete=False, only=(keys[1],))
    client.force_login(council.cio)

    response = client.post(
        url(council, f"{assessment.pk}/{keys[0]}/"),
        {"level": "3", "evidence": "A shared plan", "then": "continue"},
    )

    assert response.url == url(council, f"{assessment.pk}/{keys[2]}/")
    score = ThemeScore.objects.get(theme=keys[0])
    assert (score.level, score.evidence, score.scored_by) == (3, "A shared plan", council.cio)


def test_save_and_come_back_later_keeps_the_answer_and_resumes_where_it_left_off(client, council):
    keys = theme_keys()
    assessment = scored(council.org, 2, complete=False, only=keys[:3])
    client.force_login(council.admin)

    response = client.post(
        url(council, f"{assessment.pk}/{keys[3]}/"), {"level": "4", "then": "later"}, follow=True
    )

    assert "Your answers are saved" in response.content.decode()
    assert "11 themes still to score" in response.content.decode()
    resumed = client.get(url(council, f"{assessment.pk}/resume"))
    assert resumed.url == url(council, f"{assessment.pk}/{keys[4]}/")


def test_a_missing_level_is_refused_and_the_evidence_typed_is_kept(client, council):
    assessment = scored(council.org, 2, complete=False, only=())
    client.force_login(council.cio)

    response = client.post(
        url(council, f"{assessment.pk}/redesign/"),
        {"evidence": "Two services redesigned with residents", "then": "continue"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose the level that best describes redesign now, from 1 to 5" in page
    assert "Two services redesigned with residents" in page
    assert not ThemeScore.objects.exists()


@pytest.mark.parametrize("level", ["0", "6", "three"])
def test_a_level_outside_1_to_5_is_refused(client, council, level):
    assessment = scored(council.org, 2, complete=False, only=())
    client.force_login(council.cio)

    response = client.post(
        url(council, f"{assessment.pk}/redesign/"), {"level": level, "then": "continue"}
    )

    assert "Choose a level from 1 to 5" in response.content.decode()
    assert not ThemeScore.objects.exists()


def test_completing_with_themes_missing_says_which(client, council):
    keys = theme_keys()
    assessment = scored(council.org, 2, complete=False, only=keys[:-1])
    client.force_login(council.cio)

    response = client.post(url(council, f"{assessment.pk}/complete"))

    page = response.content.decode()
    assert "1 theme to go" in page
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_completing_leads_to_the_progress_page(client, council):
    assessment = scored(council.org, 2, complete=False)
    client.force_login(council.cio)

    summary = client.get(url(council, f"{assessment.pk}/")).content.decode()
    assert "Check the assessment" in summary
    response = client.post(url(council, f"{assessment.pk}/complete"), follow=True)

    assert response.redirect_chain[-1][0] == f"/strategy/{council.org.slug}/"
    assert "is complete" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETE


def test_a_completed_assessment_cannot_be_rescored(client, council):
    assessment = scored(council.org, 2)
    client.force_login(council.cio)

    response = client.post(url(council, f"{assessment.pk}/redesign/"), {"level": "5"})

    assert response.status_code == 403
    assert ThemeScore.objects.get(theme="redesign").level == 2


def test_a_member_without_a_managing_role_sees_but_cannot_score(client, council):
    assessment = scored(council.org, 2, complete=False, only=())
    client.force_login(council.caseworker)

    assert client.get(url(council)).status_code == 200
    assert client.get(url(council, f"{assessment.pk}/")).status_code == 200
    refused = client.post(url(council, f"{assessment.pk}/redesign/"), {"level": "3"})
    started = client.post(url(council, "start"))

    assert refused.status_code == started.status_code == 403
    assert "Ask an administrator of your organisation" in refused.content.decode()
    assert not ThemeScore.objects.exists()
    assert Assessment.objects.count() == 1


def test_another_organisations_assessments_answer_404(client, council):
    assessment = scored(council.org, 2, complete=False, only=())
    theirs = scored(council.other, 3)
    client.force_login(council.stranger)

    for path in (
        url(council),
        url(council, f"{assessment.pk}/"),
        url(council, f"{assessment.pk}/redesign/"),
    ):
        assert client.get(path).status_code == 404
    assert client.post(url(council, "start")).status_code == 404
    assert (
        client.post(url(council, f"{assessment.pk}/redesign/"), {"level": "3"}).status_code == 404
    )
    # Their own assessment, reached through another organisation's address, is not found.
    client.force_login(council.cio)
    assert client.get(url(council, f"{theirs.pk}/")).status_code == 404
    assert not ThemeScore.objects.filter(assessment=assessment).exists()


def test_the_strategy_home_goes_straight_to_the_only_organisation(client, council):
    client.force_login(council.cio)

    assert client.get("/strategy/").url == f"/strategy/{council.org.slug}/"


def test_the_strategy_home_lists_several_organisations(client, council):
    from commonweal.organisations.tests.factories import MembershipFactory

    MembershipFactory(user=council.cio, organisation=council.other)
    client.force_login(council.cio)

    page = client.get("/strategy/").content.decode()

    assert "Cambridgeshire County Council" in page and "Norfolk County Council" in page


def test_someone_with_no_role_is_told_what_to_do(client, db):
    from commonweal.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())

    response = client.get("/strategy/")

    assert response.status_code == 403
    assert "Ask an administrator of your organisation" in response.content.decode()


def test_an_inactive_organisation_is_shown_but_cannot_be_assessed(client, council):
    council.org.active = False
    council.org.save()
    client.force_login(council.cio)

    assert client.get(f"/strategy/{council.org.slug}/").status_code == 200
    response = client.post(url(council, "start"))

    assert response.status_code == 403
    assert "no longer active" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_platform_administrator_sees_organisations_that_have_begun(client, council):
    from commonweal.accounts.tests.factories import UserFactory

    scored(council.org, 3)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    page = client.get("/strategy/")

    assert page.url == f"/strategy/{council.org.slug}/"
