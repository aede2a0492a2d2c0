"""Café numérique views: staff (counter, console, summary), configuration, screens (kiosk, board)."""
