"""Start Berdaya: `python main.py [--demo] [--data DIR] [--host H] [--port P]` (same as `berdaya`)."""

from ui.cli import main

if __name__ in {'__main__', '__mp_main__'}:
    main()
