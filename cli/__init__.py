"""The ``msc`` command line (``cli.main``)."""


class CliError(Exception):
    """A failure to report as one line and a non-zero exit."""
