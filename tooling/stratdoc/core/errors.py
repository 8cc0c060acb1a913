"""Exceptions the CLI turns into one-line messages and exit codes."""


class StratdocError(Exception):
    """A refusal or finding-level problem: exit code 1."""

    exit_code = 1


class EnvironmentProblem(StratdocError):
    """Usage or environment problem (no project, missing tool): exit code 2."""

    exit_code = 2
