"""The one error the site build raises: a one-line reason naming the document or file."""


class BuildError(Exception):
    """The build failed; the previous release is still live."""
