"""The client's address, for login throttling.

Directly exposed, it is REMOTE_ADDR. Behind one TLS-terminating proxy
(NEWSARCHIVE_BEHIND_TLS_PROXY=1) REMOTE_ADDR is the proxy itself, and the
client is the last address the proxy appended to X-Forwarded-For; earlier
entries are whatever the client chose to send and are not trusted.
"""

from django.conf import settings


def client_ip(request):
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")
