from django.core.management.base import BaseCommand, CommandError

from articles.demo.generator import DEFAULT_COUNT, DEFAULT_SEED
from articles.demo.loader import load_demo
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Fill an empty archive with generated demo articles (all marked is_demo). "
        "Does nothing if the archive already has articles, unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count",
            type=int,
            default=DEFAULT_COUNT,
            help=f"how many articles to generate (default {DEFAULT_COUNT})",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"random seed; the same seed gives the same articles (default {DEFAULT_SEED})",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="load demo articles even though the archive already has articles",
        )

    def handle(self, *args, count, seed, force, verbosity, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        report = load_demo(count=count, seed=seed, force=force)
        if report is None:
            existing = Article.objects.count()
            self.stdout.write(
                f"The archive already has {existing} article{'s' if existing != 1 else ''}; "
                "not loading demo content. Use --force to load it anyway."
            )
            return
        if verbosity >= 2:
            self.stdout.write(report.summary())
        else:
            self.stdout.write(f"Loaded demo content (seed {seed}). {report.count_line()}.")
            for item in report.failed:
                self.stdout.write(f"  {item}")
