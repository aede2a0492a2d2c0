"""Staff pages of reuse, under /equipe/<venue>/reemploi/: the overview and the device
list (overview.py), donations (donations.py), the device page and its simple moves
(devices.py), the forms of the moves that record details (moves.py), and the parts
stock (parts.py). Views parse, authorise and render; writes go through the actions."""
