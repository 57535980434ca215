"""The assessments app's signals, and deleted-means-gone for the cache.

A deleted assessment leaves nothing in the cache: whichever way it goes (its
owner's delete button, admin, purge_unfinished, a round or client deleted by
cascade), its own PDFs and results page markup are removed, and so is every
cached team PDF of its round, which may show its answers or a facilitation note.
"""

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import Signal, receiver

# Sent by the questionnaire when a respondent's finish completed an assessment
# (once per assessment), with `assessment` and `site_url` (the public site's
# address, for the PDF): the invitations app renders the PDF in the background.
assessment_completed = Signal()

# The results page's cached fragment (templates/assessments/results.html), by layout version.
RESULTS_FRAGMENT = "results-content"


@receiver(pre_delete, sender="assessments.Assessment", dispatch_uid="assessment-read-result-before-delete")
def read_result_before_delete(sender, instance, **kwargs):
    # forget_cached needs the frozen result (a PDF's cache key holds its digest). An
    # instance loaded without it (consulting's round lists defer it) must read it
    # while the row still exists.
    if "result" in instance.get_deferred_fields():
        try:
            instance.refresh_from_db(fields=["result"])
        except sender.DoesNotExist:
            pass  # already gone: there is nothing left to delete, nor anything cached under it


@receiver(post_delete, sender="assessments.Assessment", dispatch_uid="assessment-forget-cached")
def forget_cached(sender, instance, **kwargs):
    from . import pdf
    from .views import RESULTS_LAYOUT

    pdf.forget_group(f"assessment:{instance.pk}")
    # Still deferred only if the row was already gone before this delete (read_result_before_delete).
    if "result" not in instance.get_deferred_fields() and instance.result:
        # Also what the background worker pre-rendered (cached outside any group).
        cache.delete_many([pdf.assessment_cache_key(instance, size=size) for size in pdf.PAGE_SIZES])
    if instance.round_id:
        pdf.forget_group(f"round:{instance.round_id}")
    cache.delete(make_template_fragment_key(RESULTS_FRAGMENT, [instance.token_hash, RESULTS_LAYOUT]))
