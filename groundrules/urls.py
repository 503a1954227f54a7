"""The ground rules app's URLs. Every route sits under /p/<slug>/ground-rules/ and every view starts with
the access helper. One module of views per area: statement, proposals, versions (and the meeting's part)."""

from coproduction.printing import VARIANTS

from .views import meeting, proposals, statement, versions

app_name = "groundrules"

G = "p/<slug:slug>/ground-rules/"

urlpatterns = [
    *statement.urlpatterns(G),
    *proposals.urlpatterns(G),
    *versions.urlpatterns(G, VARIANTS),
    *meeting.urlpatterns(G),
]
