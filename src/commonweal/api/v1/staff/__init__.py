"""REST v1 staff endpoints: cases, for signed-in staff (token or session), scoped by role."""
