"""Vietnamese text helpers: NFC normalization, diacritic folding, slugs, and the
way numbers are written (57.998; Roman numerals for congress terms)."""

import re
import unicodedata

from django.db import models
from django.utils.text import slugify

# Đ/đ is a separate letter, not D with a combining mark, so NFKD does not strip it.
_LETTER_MAP = str.maketrans({"Đ": "D", "đ": "d"})
_SPACE_RE = re.compile(r"\s+")
# Dashes that join numbers or words ("2025–2030", "Đoàn kết – Đổi mới"): hyphen,
# non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign.
_DASH_RE = re.compile("[\u2010-\u2015\u2212]")


def nfc(value):
    """Return ``value`` in Unicode NFC (Vietnamese keyboards may send NFD)."""
    if value is None:
        return value
    return unicodedata.normalize("NFC", value)


# Every combining mark of the Basic Multilingual Plane, dropped in one C call
# (folding a 10 KB article body character by character in Python was the
# slowest step of a bulk import).
_COMBINING = {code: None for code in range(0x10000) if unicodedata.combining(chr(code))}


def fold(value):
    """Lowercase text without diacritics: "Đảng bộ" -> "dang bo"."""
    value = unicodedata.normalize("NFKD", (value or "").translate(_LETTER_MAP))
    if value.isascii():
        pass
    elif max(value) <= "\uffff":
        value = value.translate(_COMBINING)
    else:
        value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return _SPACE_RE.sub(" ", value).strip().lower()


def vn_slugify(value, max_length=200):
    """Slug from a Vietnamese title: "Đảng bộ tỉnh" -> "dang-bo-tinh".

    Django's own slugify drops Đ/đ entirely ("ang-bo"), so fold first; and it drops
    an en or em dash, gluing "2025–2030" into "20252030", so dashes become hyphens.
    """
    slug = slugify(_DASH_RE.sub("-", fold(value)))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")


def unique_slug(instance, value, *, field="slug", max_length=200, queryset=None):
    """A slug for ``instance`` not used by any other row (of its site, when it
    belongs to one): base, base-2, base-3..."""
    base = vn_slugify(value, max_length=max_length - 8) or "bai-viet"
    qs = queryset if queryset is not None else type(instance)._default_manager.all()
    site_id = getattr(instance, "site_id", None)
    if queryset is None and site_id is not None:
        qs = qs.filter(site_id=site_id)  # slugs are unique per site
    if instance.pk:
        qs = qs.exclude(pk=instance.pk)
    taken = set(
        qs.filter(**{f"{field}__startswith": base}).values_list(field, flat=True)
    )
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def nfc_fields(instance):
    """Normalize every text column of a model instance to NFC (call before saving)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, nfc(value))


def vn_number(value):
    """57998 -> "57.998", the Vietnamese way of grouping digits."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    return f"{number:,}".replace(",", ".")


ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(value):
    """14 -> "XIV"."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    if number <= 0:
        return str(number)
    out = []
    for arabic, letters in ROMAN:
        count, number = divmod(number, arabic)
        out.append(letters * count)
    return "".join(out)
