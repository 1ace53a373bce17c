"""The law side: rules texts, articles, profiles, facts, search. No storage, no HTTP."""
