"""Rules versions: adopting a new version of a government's rules, and in-flight work across it."""
