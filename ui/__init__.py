"""The web surface of Berdaya: app wiring, pages, JSON routes, documents and translations."""

__version__ = '0.1.0'
