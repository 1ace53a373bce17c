"""Notices: the in-app notice centre, e-mail over SMTP and group-robot webhooks, and 催办."""
