"""Forms of the evaluation app, one module per area (forms validate, services write)."""
