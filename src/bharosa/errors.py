"""Errors a user can act on. The CLI prints their message on one line and exits 2."""


class BharosaError(Exception):
    """A mistake in what the user gave us: a flag, a config file, a rule pack."""


class ConfigError(BharosaError):
    """The configuration file is malformed or holds an unknown key or a wrong type."""


class RulePackError(BharosaError):
    """A rule pack cannot be loaded: the message names the file, the rule id and the problem."""


class UsageError(BharosaError):
    """The command line asks for something that cannot be done (a missing path, say)."""


class BaselineError(BharosaError):
    """A baseline file is missing, malformed, or made with another fingerprint key."""
