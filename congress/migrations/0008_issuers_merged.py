"""Issuers typed as free text become the managed list (congress/models/issuers.py).

Spellings of one name that differ only in case, diacritics placement (ủy/uỷ),
diacritics altogether or spaces are one issuer: the spelling most documents use
(on a tie, the one with the most letters carrying diacritics, then the first in
order) names it, and every document of that issuer is written with that spelling.
"""

import unicodedata
from collections import Counter, defaultdict

from django.db import migrations

from portal.text import fold, nfc


def _clean(name):
    return " ".join(nfc(name or "").split())


def _diacritics(name):
    return sum(1 for ch in unicodedata.normalize("NFD", name) if unicodedata.combining(ch))


def merge_issuers(apps, schema_editor):
    Document = apps.get_model("congress", "Document")
    Issuer = apps.get_model("congress", "Issuer")
    spellings = defaultdict(Counter)
    for pk, issuer in Document.objects.values_list("pk", "issuer"):
        name = _clean(issuer)
        if name:
            spellings[fold(name)][name] += 1
    for key, counts in sorted(spellings.items()):
        name = max(counts, key=lambda s: (counts[s], _diacritics(s), s))
        issuer, _created = Issuer.objects.get_or_create(key=key, defaults={"name": name})
        pks = [
            pk
            for pk, text in Document.objects.values_list("pk", "issuer")
            if _clean(text) and fold(_clean(text)) == key
        ]
        Document.objects.filter(pk__in=pks).update(issuer=issuer.name, issuing_body=issuer)


class Migration(migrations.Migration):
    dependencies = [("congress", "0007_issuers")]

    operations = [migrations.RunPython(merge_issuers, migrations.RunPython.noop)]
