"""The web surface of Berdaya: app wiring, pages, JSON routes, documents and translations."""

from .unused_clients import import_engineio

import_engineio()  # before NiceGUI: its socket server without 15 MiB of client libraries (ui/unused_clients.py)

__version__ = '0.1.0'
