from django.utils.functional import SimpleLazyObject

from . import services


def consultant(request):
    """`is_consultant` for the header menu; looked up only when a template asks (one query)."""
    return {"is_consultant": SimpleLazyObject(lambda: services.user_is_consultant(request.user))}
