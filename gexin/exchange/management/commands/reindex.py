"""`gexin reindex`: rebuild the search index of experiences, problems and key issues.

Saves keep the index in step by themselves; run this after loading data in bulk
(a restore, an import that bypasses the models' saves) or after changing the words of
`gexin/exchange/user_words.txt`.
"""

import time

from django.core.management.base import BaseCommand

from gexin.exchange import search


class Command(BaseCommand):
    help = "Rebuild the search index of experiences, problems and key issues."

    def handle(self, *args, **options):
        start = time.perf_counter()
        count = search.reindex_all()
        self.stdout.write(f"Indexed {count} documents in {time.perf_counter() - start:.1f} s.")
