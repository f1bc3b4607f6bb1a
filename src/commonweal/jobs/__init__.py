"""Background work: the `commonweal worker` that runs queued tasks, with retries and backoff."""
