"""The meetings app's URLs, one module per area so each is easy to find. Every route sits under
/p/<slug>/ and every view starts with the access helper."""

from . import actions, agenda, documents, easy_read, meetings, minutes, packs, papers, run, venues

app_name = "meetings"

urlpatterns = [
    *meetings.urlpatterns,
    *agenda.urlpatterns,
    *venues.urlpatterns,
    *papers.urlpatterns,
    *minutes.urlpatterns,
    *actions.urlpatterns,
    *run.urlpatterns,
    *easy_read.urlpatterns,
    *packs.urlpatterns,
    *documents.urlpatterns,
]
