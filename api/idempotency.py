"""`Idempotency-Key`: a POST repeated with the same key returns the first result, written once.

The record of the key is written in the same transaction as the submission itself: if two
copies of a request race, the second one's insert of the key fails, its whole transaction
(including its write) rolls back, and it answers with the first one's stored response.
Only successful responses are stored: a refused request wrote nothing, so it may be corrected
and sent again with the same key. A key is remembered for `IDEMPOTENCY_KEY_TTL_HOURS` (a day by
default, longer than any client's retries); after that it may be used again, and the daily
`api.tasks.idempotency_records_purge` deletes what has expired, so the table does not grow for ever.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.response import Response

from api.errors import IdempotencyKeyReused
from api.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def _file_fingerprint(upload: UploadedFile) -> dict:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {"name": upload.name, "size": upload.size, "sha256": digest.hexdigest()}


def request_fingerprint(request) -> str:
    """A digest of what the request asks: method, path and body (files by their content)."""
    data = request.data
    if hasattr(data, "lists"):
        body = {
            key: [_file_fingerprint(v) if isinstance(v, UploadedFile) else v for v in values]
            for key, values in data.lists()
        }
    else:
        body = data
    payload = json.dumps(
        {"method": request.method, "path": request.path, "body": body},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def idempotency_key(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
        raise exceptions.ValidationError(
            {HEADER: [f"An {HEADER} is 1 to {MAX_KEY_LENGTH} printable ASCII characters."]},
            code="invalid",
        )
    return key


def expired_before(now: datetime.datetime | None = None) -> datetime.datetime:
    """Records created before this moment no longer answer for their key."""
    return (now or timezone.now()) - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)


def idempotency_records_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the records whose key has expired; returns how many."""
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=expired_before(now)).delete()
    return deleted


class IdempotentCreateMixin:
    """A create view whose `create_response()` is run at most once per Idempotency-Key."""

    def create_response(self, request, *args, **kwargs) -> Response:
        raise NotImplementedError

    def _replay(self, record: IdempotencyRecord, endpoint: str, fingerprint: str) -> Response:
        if record.endpoint != endpoint or record.request_hash != fingerprint:
            raise IdempotencyKeyReused(
                f"This {HEADER} was first used on {record.created_at:%d %B %Y %H:%M} for a "
                "different request; use a new key for a new request."
            )
        return Response(
            record.response_body,
            status=record.response_status,
            headers={"Idempotent-Replayed": "true"},
        )

    def post(self, request, *args, **kwargs):
        key = idempotency_key(request)
        if key is None:
            return self.create_response(request, *args, **kwargs)
        endpoint = f"{request.method} {request.path}"[:300]
        fingerprint = request_fingerprint(request)
        record = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
        if record is not None and record.created_at >= expired_before():
            return self._replay(record, endpoint, fingerprint)
        try:
            with transaction.atomic():
                if record is not None:  # expired: the key starts afresh
                    IdempotencyRecord.objects.filter(pk=record.pk).delete()
                response = self.create_response(request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    IdempotencyRecord.objects.create(
                        user=request.user,
                        key=key,
                        endpoint=endpoint,
                        request_hash=fingerprint,
                        response_status=response.status_code,
                        response_body=json.loads(json.dumps(response.data, default=str)),
                    )
                return response
        except IntegrityError:
            record = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
            if record is None:
                raise
            return self._replay(record, endpoint, fingerprint)
