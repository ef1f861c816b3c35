"""Gold scoring and fact export for measuring extraction quality (stdlib only)."""
