from grants import grant  # noqa: F401  (fixture)
