"""Owned by a helper: filled in shortly."""

urlpatterns: list = []
