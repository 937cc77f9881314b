"""The navigation's 我的待办 badge: counted lazily, only when a template shows it."""

from django.utils.functional import SimpleLazyObject

from .selectors.inbox import badge_counts


def inbox_badges(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_badges": SimpleLazyObject(lambda: badge_counts(user))}
