"""ISO 3166-1 countries as pycountry knows them."""

import pycountry


def display_name(country):
    # pycountry's official names read oddly in a byline list
    # ("Iran, Islamic Republic of"); prefer the common name where it has one.
    return getattr(country, "common_name", None) or country.name


def iso_countries():
    """(alpha-2 code, display name) for every country, sorted by code."""
    return sorted((c.alpha_2, display_name(c)) for c in pycountry.countries)


def ensure_countries(country_model):
    """Create any missing country rows; safe to call repeatedly."""
    existing = set(country_model.objects.values_list("code", flat=True))
    country_model.objects.bulk_create(
        [
            country_model(code=code, name=name)
            for code, name in iso_countries()
            if code not in existing
        ]
    )
