"""HTML compared as what a browser would build, not byte for byte."""

from html.parser import HTMLParser


class _Events(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events = []

    def handle_starttag(self, tag, attrs):
        # Attribute order means nothing in HTML (and differs between renders).
        self.events.append(("start", tag, tuple(sorted(attrs))))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        if data.strip():  # templates put line breaks between elements
            self.events.append(("text", data))


def parsed(html):
    """Start tags (with sorted attributes), end tags and non-blank text, in order."""
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events
