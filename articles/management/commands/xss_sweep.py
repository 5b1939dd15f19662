import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    # It touches neither the archive's database nor its data directory.
    requires_system_checks = []
    help = (
        "Store hostile strings (the XSS payload list and the naughty strings from ../shared) "
        "through the admin and an import, open every page type in headless Chromium, and "
        "report dialogs, scripts or handlers from content, server errors and CSP violations. "
        "Runs on a throwaway test database (it is the browser test "
        "articles/tests/test_security_xss.py); needs requirements-dev.txt and Chromium."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="every payload (6,613 + 516) instead of the sample CI runs",
        )
        parser.add_argument(
            "--shard", default="1/1", help="I/N: every N-th payload from the I-th (1-based)"
        )

    def handle(self, *args, all, shard, **options):
        env = dict(os.environ, NEWSARCHIVE_XSS_SHARD=shard)
        env.pop("DJANGO_SETTINGS_MODULE", None)  # pytest uses the test settings
        if all:
            env["NEWSARCHIVE_XSS_SWEEP"] = "all"
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-s",
            "-q",
            "-p",
            "no:cacheprovider",
            "articles/tests/test_security_xss.py::test_hostile_content_runs_nowhere",
        ]
        status = subprocess.call(command, cwd=settings.BASE_DIR, env=env)
        if status:
            raise CommandError(f"the sweep found problems or failed (pytest exit status {status})")
