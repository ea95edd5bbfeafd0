"""Does not use the factory."""


def health() -> str:
    return "ok"
