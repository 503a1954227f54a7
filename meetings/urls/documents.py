"""A meeting's documents (the meeting pack, the agenda and the minutes) and the partnership's action log, each
in the three print variants, as a PDF and as a web page.

Each document and variant is a route of its own, so an unknown name in the address is a plain 404 and
`reverse("meetings:document_pdf", kwargs={..., "document": "pack", "variant": "large_print"})` finds it.
"""

from django.urls import path

from coproduction.printing import VARIANTS

from ..services.documents import MEETING_DOCUMENTS
from ..views import documents as views

M = "p/<slug:slug>/meetings/<int:pk>/documents/"
A = "p/<slug:slug>/action-points/"

urlpatterns = [
    *(
        path(
            f"{M}{document}/{variant}.pdf",
            views.document_pdf,
            {"document": document, "variant": variant},
            name="document_pdf",
        )
        for document in MEETING_DOCUMENTS
        for variant in VARIANTS
    ),
    *(
        path(
            f"{M}{document}/{variant}/",
            views.document_web,
            {"document": document, "variant": variant},
            name="document_web",
        )
        for document in MEETING_DOCUMENTS
        for variant in VARIANTS
    ),
    *(
        path(f"{A}{variant}.pdf", views.action_log_pdf, {"variant": variant}, name="action_log_pdf")
        for variant in VARIANTS
    ),
    *(
        path(f"{A}{variant}/", views.action_log_web, {"variant": variant}, name="action_log_web")
        for variant in VARIANTS
    ),
]
