import sys

from smart.cli import main

sys.exit(main())
