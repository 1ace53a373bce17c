"""Pending deadlines as durable rows, fired by a processor without a click.

Domains schedule, move and close the deadline of their objects (`service`); each kind has a
handler that its domain registers explicitly (`registry`, wired in `zhengwu.wiring`); the
processor (`processor`) claims due rows one at a time under a row lock and fires each stage —
催办 before the deadline, 催办 on the day, and the end of the due day (deemed consent or
overdue) — as one audited system event.
"""
