"""A separate process that edits the archive, for the concurrency and kill tests.

    python -m articles.tests.concurrency_worker SEED ROUNDS

Run with the test settings, NEWSARCHIVE_TEST_DATA_DIR and
NEWSARCHIVE_CONNECT_TEST_DB set, so it shares the test run's database and index.
"""

import os
import random
import sys


def main(seed, rounds):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings.test")
    import django

    django.setup()
    from django.db import transaction

    from articles.models import Article
    from articles.tests import factories as f

    rng = random.Random(seed)
    mine = []
    for n in range(rounds):
        action = rng.random()
        if action < 0.55 or not mine:
            with transaction.atomic():
                article = f.article(f"Worker {seed} story {n} about lentils", slug=f"w{seed}-{n}")
                article.captions.create(text=f"caption {seed}-{n}")
            mine.append(article.pk)
        elif action < 0.8:
            article = Article.objects.get(pk=rng.choice(mine))
            article.headline += " (updated)"
            article.save()
        else:
            pk = mine.pop(rng.randrange(len(mine)))
            Article.objects.filter(pk=pk).delete()
    print(f"worker {seed} done")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
