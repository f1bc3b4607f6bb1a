"""/healthz: the database and the task queue checked, JSON, never cached, no sign-in needed."""

import pytest

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


@pytest.mark.django_db
def test_healthy_with_the_in_process_queue(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "queue": "ok",
        "queue_backend": "in-process",
    }
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_healthy_with_the_database_queue(client, settings):
    settings.TASKS = DATABASE_BACKEND

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["queue"] == "ok"
    assert response.json()["queue_backend"] == "database"


def test_unhealthy_when_the_database_refuses(client, settings):
    """Without the django_db mark pytest-django refuses every query, as a database that is down."""
    settings.TASKS = DATABASE_BACKEND

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "error",
        "queue": "error",
        "queue_backend": "database",
    }


@pytest.mark.django_db
def test_only_get(client):
    assert client.post("/healthz").status_code == 405


def test_metrics_still_answer_when_the_database_refuses(client):
    response = client.get("/metrics")

    assert response.status_code == 200
    text = response.content.decode()
    assert "commonweal_http_requests_total" in text
    assert "commonweal_open_cases{" not in text
