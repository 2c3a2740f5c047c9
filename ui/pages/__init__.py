"""One module per page; each exposes a builder that takes data and a `register()` in `ui/app.py`."""
