"""Every test here fails on any ERROR that WeasyPrint logs (an image that did not load, a picture without alt
text, a document without a language): WeasyPrint only logs them, and the PDF would still come out."""

import logging

import pytest


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def expect_weasyprint_errors():
    """For the tests that make WeasyPrint log errors on purpose."""
    return True


@pytest.fixture(autouse=True)
def _fail_on_weasyprint_errors(request):
    errors = _Errors()
    weasyprint_logger = logging.getLogger("weasyprint")
    weasyprint_logger.addHandler(errors)
    yield
    weasyprint_logger.removeHandler(errors)
    if errors.messages and "expect_weasyprint_errors" not in request.fixturenames:
        pytest.fail("WeasyPrint logged errors:\n  " + "\n  ".join(errors.messages))


@pytest.fixture(autouse=True)
def _print_cache(settings, tmp_path):
    """Each test keeps its printed PDFs in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
