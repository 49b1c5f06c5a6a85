"""A TAD's attachment as a download: the one way its bytes leave the server.

Attachments are DCC documents for the roles that follow a release's acceptance, never public
media: nothing serves MEDIA_URL (secrelease/urls.py). The page and the API check
`acceptance.view_tad` and then answer with this response.
"""

from pathlib import PurePosixPath

from django.http import FileResponse

from acceptance.models import Tad

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
READ_PERMISSION = "acceptance.view_tad"


def tad_attachment_name(tad: Tad) -> str:
    return PurePosixPath(tad.attachment.name).name


def tad_attachment_response(tad: Tad) -> FileResponse:
    """The attachment as a download, typed by its extension (only PDF and DOCX are accepted),
    kept out of shared caches and never sniffed into something a browser would run."""
    name = tad_attachment_name(tad)
    content_type = CONTENT_TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")
    response = FileResponse(
        tad.attachment.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
