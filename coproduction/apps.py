from django.apps import AppConfig


class CoproductionConfig(AppConfig):
    name = "coproduction"
    verbose_name = "Co-production workspace"

    def ready(self) -> None:
        # Importing WeasyPrint tells Pillow to accept truncated images, for the whole process. Uploads must
        # still refuse them, so import it once here and put Pillow's safety check back.
        import weasyprint  # noqa: F401
        from PIL import ImageFile

        ImageFile.LOAD_TRUNCATED_IMAGES = False

        from . import checks  # noqa: F401 (registers the deploy checks)
