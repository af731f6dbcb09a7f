"""Python code run in a fresh process, with the project's settings from scratch:
what a server process would see at start-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(code, var_dir, **env_changes):
    """Run ``code`` in a new interpreter at the project root, with no DJANGO_
    variable of this test run, the base settings and ``var_dir`` for var/;
    ``env_changes`` override. Returns the finished process (text output)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.base", DJANGO_VAR_DIR=str(var_dir)
    )
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
