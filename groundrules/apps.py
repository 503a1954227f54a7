from django.apps import AppConfig


class GroundRulesConfig(AppConfig):
    name = "groundrules"
    verbose_name = "Ground rules"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A new partnership starts from a draft statement, and meeting packs can carry the ground rules.
        from . import signals

        signals.register_hooks()
