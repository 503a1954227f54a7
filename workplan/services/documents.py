"""The work plan as a document (standard, large print, easy read) and as the paper of the agenda item
"Work plan: what is late, what is next"."""
