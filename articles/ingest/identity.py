"""How the importer recognises an article it already holds."""

import hashlib
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from articles.sanitize import sanitized_text

# Tracking parameters say who shared a link, not which article it is.
_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_")


def canonical_url(url):
    """``url`` with scheme and host lower-cased and fragment and tracking dropped."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    query = parts.query
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(key, value) for key, value in pairs if not key.lower().startswith(_TRACKING_PREFIXES)]
    if len(kept) != len(pairs):
        # Re-encoding only when something was dropped keeps other URLs byte-for-byte.
        query = urlencode(kept)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, query, ""))


def normalise_words(text):
    """Text reduced to what a reader sees: case, spacing and Unicode forms folded."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def content_hash(headline, body_html):
    """Fingerprint of an article's words, the same however its markup or spacing differ.

    ``body_html`` is stored (sanitized) markup.
    """
    text = normalise_words(headline) + "\n" + normalise_words(sanitized_text(body_html))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
