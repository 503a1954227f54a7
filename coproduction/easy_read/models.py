"""The easy read fields a point carries: its words and its picture."""

from django.db import models


class EasyReadModel(models.Model):
    """Easy read words and a picture code (see `coproduction.easy_read.pictures`) on any model. Written by
    people, never generated. A model whose pages call them something else says so in its forms (or overrides
    the field's label in a subclass); the columns stay the same."""

    easy_read_text = models.TextField("Easy read words (optional)", max_length=1000, blank=True)
    easy_read_picture = models.CharField("Picture for easy read", max_length=200, blank=True)

    class Meta:
        abstract = True
