"""Supervision (督查): the ledger of tasks the 督查室 chases. For now it holds the tasks that
meeting resolutions create; the full ledger (reminders, progress, overdue flags) comes later."""
