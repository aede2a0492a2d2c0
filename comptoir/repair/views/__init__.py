"""Staff pages of the repair café: events (events.py), the queue and its items
(items.py), the ORDS import and export (ords_files.py)."""
