"""Make the helpers beside these tests (corpus, contract, fake_elasticsearch) importable.

The project runs pytest with ``--import-mode=importlib``, which puts no test folder on
``sys.path``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
