"""Printable and downloadable documents: PDFs (fpdf2), spreadsheets (openpyxl) and CSV, behind `/export/…`."""
