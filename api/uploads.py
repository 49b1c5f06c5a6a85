"""Uploads: refuse an oversized body before reading it, and check a file is what its name says."""

import zipfile

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from api.errors import PayloadTooLarge


def size_display(size: int) -> str:
    """20 MB, 64 KB: a limit as a person reads it."""
    mb = 1024 * 1024
    return f"{size // mb} MB" if size % mb == 0 else f"{size // 1024} KB"


# The multipart envelope and the text fields around a file need a little room beyond the file.
ENVELOPE_ALLOWANCE = 256 * 1024


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading as soon as a file passes `limit` bytes (a body sent without Content-Length)."""

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_upload(request, *, limit: int) -> None:
    """Refuse (413) a body declared larger than `limit`, and watch one sent without a length.

    Call before `request.data` is first read.
    """
    django_request = request._request
    try:
        declared = int(django_request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit + ENVELOPE_ALLOWANCE:
        raise PayloadTooLarge(
            f"The request body is {declared:,} bytes; an attachment may be at most "
            f"{size_display(limit)}."
        )
    django_request.upload_handlers.insert(0, SizeLimitUploadHandler(django_request, limit=limit))


def check_upload_finished(request, *, limit: int) -> None:
    if getattr(request._request, "upload_too_large", False):
        raise PayloadTooLarge(f"The attachment is larger than {size_display(limit)}.")


PDF = "PDF"
DOCX = "DOCX"
KIND_BY_EXTENSION = {".pdf": PDF, ".docx": DOCX}


def sniff_document(upload: UploadedFile) -> str | None:
    """PDF or DOCX, as the bytes say (not the name or the declared type); None for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def document_error(upload: UploadedFile) -> str | None:
    """Why `upload` is not an acceptable TAD attachment, or None when it is."""
    name = upload.name or ""
    extension = name[name.rfind(".") :].lower() if "." in name else ""
    expected = KIND_BY_EXTENSION.get(extension)
    if expected is None:
        return f"‘{name}’ is neither a .pdf nor a .docx file: attach the TAD as PDF or DOCX."
    if upload.size == 0:
        return f"‘{name}’ is empty."
    actual = sniff_document(upload)
    if actual != expected:
        what = f"a {actual}" if actual else "neither a PDF nor a DOCX"
        return f"‘{name}’ is named as a {expected} but its content is {what}."
    return None
