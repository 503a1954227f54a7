from django.apps import AppConfig


class WorkPlanConfig(AppConfig):
    name = "workplan"
    verbose_name = "Work plan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Meeting packs can carry "Work plan: what is late, what is next" (meetings never import this app).
        from . import signals

        signals.register_hooks()
