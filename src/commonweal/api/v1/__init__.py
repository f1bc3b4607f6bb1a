"""REST API v1: public endpoints (`public`) and staff endpoints (`staff`), under /api/v1/."""
