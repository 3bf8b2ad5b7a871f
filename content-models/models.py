"""Django's model module for the app: makes every page model known to the registry."""

from contentmodels.pages import *  # noqa: F401,F403
