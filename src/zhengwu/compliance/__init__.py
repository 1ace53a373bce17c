"""The compliance report: a period replayed against the tenant's own rules, every deviation
with its object, dates and article, gathered from each domain's service."""
