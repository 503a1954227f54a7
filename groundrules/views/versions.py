"""(to be written)"""


def urlpatterns(prefix: str, variants) -> list:
    return []
