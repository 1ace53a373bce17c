"""Onboarding a new government from its own rules text: the text stored and parsed at run time,
a profile drafted from it, reviewed value by value beside the text, and adopted by a tenant."""
