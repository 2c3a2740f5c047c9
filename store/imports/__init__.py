"""Importing participants from a CSV or XLSX file an agency typed, and the template to type it in.

Three steps, so the page can show what will happen before anything is saved:

1. `read.read_rows(data, filename)` turns the file into rows keyed by the template's Indonesian column names
   (`read.COLUMNS`). Header spellings like `No HP`, `Nama Lengkap` or the English `phone` are understood.
2. `plan.plan_import(store, rows, programme_id)` checks every row with the `Participant` model and the store,
   and writes nothing: each row becomes `new`, `existing` (already in the store: matched by phone, else
   NIK, else name and village when neither is given, see `match`) or `bad` with reason keys
   (`import.reason.<key>`).
3. `apply.apply_import(store, plan, programme_id, by_account_id)` saves the plan in one transaction, checking
   again against the store as it is then, so the same file imported twice, or two imports at once, never
   make a participant twice.

`template` writes the template to type the file in (CSV and XLSX, with a guide sheet).

Category, NIK and former country are coordinator-only: they are imported but never logged. Nothing here
logs a row's values or a validation error's text (pydantic puts the input value in it).
"""
