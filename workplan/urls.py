"""The work plan's URLs. Every route sits under /p/<slug>/plan/ and every view starts with the access
helper. One module of views per area: the plan (outcomes, themes, outputs), tasks, agreement (ranking the
themes, agreeing the plan, what has changed), the timeline (with activities and exports) and documents."""

from coproduction.printing import VARIANTS

from .views import agreement, documents, plan, tasks, timeline

app_name = "workplan"

W = "p/<slug:slug>/plan/"

urlpatterns = [
    *plan.urlpatterns(W),
    *tasks.urlpatterns(W),
    *agreement.urlpatterns(W),
    *timeline.urlpatterns(W),
    *documents.urlpatterns(W, VARIANTS),
]
