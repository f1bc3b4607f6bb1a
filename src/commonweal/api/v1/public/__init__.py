"""REST v1 public endpoints: read-only, open to anonymous clients, no personal data."""
