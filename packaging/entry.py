"""Entry script of the frozen build (PyInstaller): the same program as `disclosure-desk`."""

import sys

from disclosure_desk.app import main

if __name__ == "__main__":
    sys.exit(main())
