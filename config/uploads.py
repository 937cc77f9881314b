"""A streaming upload handler that stops storing a file once it passes ``UPLOAD_MAX_BYTES``.

Django would otherwise write an oversized upload to a temporary file before the
view could look at its size. Installed first in ``FILE_UPLOAD_HANDLERS`` for every
request (so no view needs to swap handlers, and none needs ``csrf_exempt``): past
the limit it notes the file on the request and skips the rest (the remaining
bytes are read and thrown away, never stored); views then refuse it clearly via
:func:`oversized_upload`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


def oversized_upload(request) -> tuple[str, int] | None:
    """(file name, bytes received) when the request carried a file over the limit, else None."""
    return getattr(request, SizeLimitedUploadHandler.REQUEST_ATTRIBUTE, None)


class SizeLimitedUploadHandler(FileUploadHandler):
    REQUEST_ATTRIBUTE = "upload_too_large"

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = settings.UPLOAD_MAX_BYTES if limit is None else limit
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            setattr(self.request, self.REQUEST_ATTRIBUTE, (self.file_name or "", self.received))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler builds the file
