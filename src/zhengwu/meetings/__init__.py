"""Meetings (会议制度): types, cadence, topics, attendance, minutes, resolutions, conferences."""
