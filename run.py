"""`python run.py` serves everything; `python run.py --help` lists the management commands."""
import sys

if __name__ == "__main__":
    from gevent import monkey

    monkey.patch_all()  # before anything else imports socket, ssl or threading

    from kiosk.cli import main

    sys.exit(main())
