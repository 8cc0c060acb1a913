"""stratdoc: a regional transformation strategy as code."""


def __getattr__(name: str) -> str:
    # looked up on use: importlib.metadata costs every command ~3 MB and 30 ms at start
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("stratdoc")
    except PackageNotFoundError:  # running from a source tree without install
        return "0.0.0"
