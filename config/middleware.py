"""Chinese by default; English only when the user picks it with the language switcher.

Django's LocaleMiddleware would follow the browser's Accept-Language header, so a
bureau PC set up in English would get an English portal nobody asked for. Here
only the language cookie written by ``set_language`` (the switcher in the page
header) changes the language.
"""

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
