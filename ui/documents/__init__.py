"""Printable and downloadable documents: PDFs (fpdf2), spreadsheets (openpyxl) and CSV, behind `/export/…`.

A paper's module is imported by its route when a paper is first asked for, never at start-up: fpdf (with
fontTools and numpy) and openpyxl hold 57 MiB that a server answering pages only would carry all its life, and
that every page view's share of memory would sit on top of (`bench/pages.py`'s refresh storm). The `*_routes.py`
modules the route table imports stay light; `tests/test_start_imports.py` keeps them so.
"""
