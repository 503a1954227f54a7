"""(to be written)"""




def urlpatterns(prefix: str) -> list:
    return []
