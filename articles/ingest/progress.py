"""A one-line progress bar for the command line."""

import time


class ProgressBar:
    """Redrawn in place on a terminal; on a pipe, a line every 10% so logs stay short."""

    WIDTH = 30

    def __init__(self, stream, label="records"):
        self.stream = stream
        self.label = label
        self.is_tty = getattr(stream, "isatty", lambda: False)()
        self.started = time.monotonic()
        self.last_tenth = -1

    def __call__(self, done, total):
        if not total:
            return
        fraction = done / total
        filled = int(self.WIDTH * fraction)
        rate = done / max(time.monotonic() - self.started, 1e-6)
        line = (
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total} {self.label}"
            f" ({fraction:.0%}, {rate:.0f}/s)"
        )
        if self.is_tty:
            self.stream.write("\r" + line + ("\n" if done == total else ""))
            self.stream.flush()
            return
        tenth = int(fraction * 10)
        if tenth != self.last_tenth or done == total:
            self.last_tenth = tenth
            self.stream.write(line + "\n")
