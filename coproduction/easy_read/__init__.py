"""Easy read words and a picture on every point, written once and used by every app.

Easy read words are always written by people; nothing here writes them. The partnership's own pictures and
its glossary are partnership data (`partners.models.Picture`, `partners.models.GlossaryTerm`, and their
pages in `partners`); this package only reads them.

- `models.EasyReadModel`: the abstract model with `easy_read_text` and `easy_read_picture`.
- `forms.EasyReadFields`: the form part, the text box with guidance as people type and the picture chooser.
- `guidance`: sentence length, hard words, digits and the reading ease; the glossary's hard words.
- `pictures`: picture codes for the web and for print (the bundled OpenMoji set and the uploads).
- `readiness`: whether a point's easy read is written, and what to put right in it.
- "coproduction/easy_read/_words.html": a point's easy read words and picture for people who read easy read
  first, the standard words one click away.

A new app uses it in a few lines:

    # models.py
    from coproduction.easy_read.models import EasyReadModel

    class GroundRule(EasyReadModel):  # gets easy_read_text and easy_read_picture
        text = models.TextField()

    # forms.py
    from coproduction.easy_read.forms import EasyReadFields

    class GroundRuleForm(EasyReadFields, forms.ModelForm):
        easy_read_blocks_saving = True  # a sentence over 15 words is an error (False: a warning)

        class Meta:
            model = GroundRule
            fields = ["text", "easy_read_text", "easy_read_picture"]

        def __init__(self, *args, partnership, **kwargs):
            super().__init__(*args, **kwargs)
            easy_read = self.easy_read_setup(partnership)  # [the text box, the picture chooser]
            self.helper = form_helper(Field.textarea("text"), *easy_read, submit="Save")

    # views.py: each point's picture for the include (one query at most)
    from coproduction.easy_read.pictures import with_easy_pictures
    with_easy_pictures(rules, partnership, request.user)

    {# the template #}
    {% include "coproduction/easy_read/_words.html" with point=rule %}

    # readiness: a document is ready for easy read when no point is missing its words (and, if it asks, a
    # picture)
    from coproduction.easy_read.readiness import easy_read_missing
    missing = [rule for rule in rules if easy_read_missing(rule, picture_needed=True)]
"""
