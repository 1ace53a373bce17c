"""The State Council's yearly holiday notices, entered by the platform operator.

Years without a notice are counted provisionally (`calendar.statutory`); entering a notice makes
the year official for every government on the deployment and moves every provisional deadline.
"""
