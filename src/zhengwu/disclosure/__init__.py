"""Disclosure (政务公开): the publication queue, the public portal, disclosure requests."""
