"""Supervision (督查): the ledger of tasks the 督查室 chases — from meeting resolutions, leaders'
批示, the government work report and NPC/CPPCC proposals — with reminders, overdue flags and
per-department figures; inspections and their rectification lists (回头看)."""
