"""The one error the site build raises: a one-line reason naming the document or file."""


class BuildError(Exception):
    """The build failed; the previous release is still live."""


def describe(exc: BaseException) -> str:
    """One line for any exception; template errors name the template file and line."""
    where = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    text = " ".join(str(exc).split()) or type(exc).__name__
    if where and line:
        return f"{type(exc).__name__}: {text} ({where}:{line})"
    return f"{type(exc).__name__}: {text}"
