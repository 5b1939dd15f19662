from django.db import models

from articles.sanitize import sanitize_html


class SanitizedHTMLField(models.TextField):
    """A TextField that stores only allow-listed HTML.

    Cleaning happens in ``pre_save``, which Django calls on every save and on
    ``bulk_create``, so admin, importers and scripts cannot forget it.
    """

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
