"""API errors: a small hierarchy mapped to one JSON envelope by one handler (SPEC §4).

OAuth endpoints answer with RFC 6749 bodies instead (see `oauth.errors`); hosted pages answer
with an HTML page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple


@dataclass
class FieldError:
    param: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"param": self.param, "code": self.code, "message": self.message}


SHOULD_RETRY_HEADER = "Cleavr-Should-Retry"
# 409s that clear by themselves: the first request with this Idempotency-Key is still running.
RETRYABLE_CODES = frozenset({"idempotency_key_in_use"})


class ApiError(Exception):
    status_code: ClassVar[int] = 500
    type: ClassVar[str] = "api_error"
    default_code: ClassVar[str] = "internal_error"
    default_message: ClassVar[str] = "Something went wrong on our side. It has been logged."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.code = code or self.default_code
        self.param = param
        self._headers = headers or {}
        super().__init__(self.message)

    @property
    def should_retry(self) -> bool:
        """Whether the same request may succeed if sent again unchanged: rate limits, our own
        failures and an Idempotency-Key still in flight clear by themselves; a refusal based on
        the request or the object's state (`invalid_state_transition`, `duplicate_receivable`)
        answers the same every time."""
        return self.status_code >= 500 or self.status_code == 429 or self.code in RETRYABLE_CODES

    @property
    def headers(self) -> dict[str, str]:
        """The error's own headers, and `Cleavr-Should-Retry: true|false`, which clients obey
        instead of guessing from the status."""
        return {**self._headers, SHOULD_RETRY_HEADER: "true" if self.should_retry else "false"}

    @headers.setter
    def headers(self, value: dict[str, str]) -> None:
        self._headers = value

    def body(self, request_id: str | None, doc_base: str) -> dict[str, Any]:
        error: dict[str, Any] = {
            "type": self.type,
            "code": self.code,
            "message": self.message,
            "param": self.param,
            "doc_url": f"{doc_base}/docs/errors#{self.code}",
            "request_id": request_id,
        }
        return {"error": error}


class InvalidRequestError(ApiError):
    status_code = 400
    type = "invalid_request_error"
    default_code = "invalid_request"
    default_message = "The request is not valid."


class PayloadTooLarge(InvalidRequestError):
    status_code = 413
    default_code = "body_too_large"
    default_message = "The request body is too large."


class UnsupportedMediaType(InvalidRequestError):
    status_code = 415
    default_code = "unsupported_media_type"
    default_message = "Send the body as JSON, with `Content-Type: application/json`."


class RequestTimeout(InvalidRequestError):
    status_code = 408
    default_code = "request_timeout"
    default_message = "The request body did not arrive in time."


class ValidationError(InvalidRequestError):
    """Every rule violation of one request, reported at once; `param` names the first."""

    default_code = "validation_error"

    def __init__(self, errors: list[FieldError]) -> None:
        if not errors:
            raise ValueError("ValidationError needs at least one FieldError")
        self.errors = errors
        first = errors[0]
        super().__init__(first.message, code=first.code, param=first.param)

    def body(self, request_id: str | None, doc_base: str) -> dict[str, Any]:
        data = super().body(request_id, doc_base)
        data["error"]["errors"] = [e.as_dict() for e in self.errors]
        return data


class AuthenticationError(ApiError):
    status_code = 401
    type = "authentication_error"
    default_code = "unauthenticated"
    default_message = "No valid access token was provided."


class ForbiddenError(ApiError):
    status_code = 403
    type = "permission_error"
    default_code = "insufficient_scope"
    default_message = "The access token does not allow this request."


class NotFoundError(ApiError):
    status_code = 404
    type = "not_found_error"
    default_code = "resource_missing"
    default_message = "No such resource."


class ConflictError(ApiError):
    status_code = 409
    type = "conflict_error"
    default_code = "conflict"
    default_message = "The request conflicts with the current state of the resource."


class IdempotencyError(ApiError):
    status_code = 400
    type = "idempotency_error"
    default_code = "idempotency_key_reused"


class ServiceUnavailable(ApiError):
    """The database could not be reached: nothing was done, and it may be back in a moment."""

    status_code = 503
    default_code = "service_unavailable"
    default_message = "The service is briefly unavailable; nothing was done. Retry in a moment."


class RateLimitError(ApiError):
    status_code = 429
    type = "rate_limit_error"
    default_code = "rate_limited"
    default_message = "Too many requests. Retry after the delay in the Retry-After header."


# -- the error code reference ----------------------------------------------------------------
# For `/docs/errors` and the OpenAPI document. `ERROR_CODES` holds the values of `error.code`
# with the HTTP status they come with; `FIELD_ERROR_CODES` the values of `errors[].code`, one per
# invalid field of a validation failure (400), whose first one is also its `error.code`. OAuth
# endpoints have their own list (`oauth.errors.OAUTH_ERRORS`). `tests/test_error_codes.py` fails
# when a code is raised but not listed here, or listed but never raised.


class ErrorCode(NamedTuple):
    status: int
    meaning: str


ERROR_CODES: dict[str, ErrorCode] = {
    # 400
    "invalid_request": ErrorCode(
        400,
        "The request is malformed (for example the access token is in the query string, or the "
        "Authorization header is not `Bearer <token>`): read `message` and fix the request.",
    ),
    "validation_error": ErrorCode(
        400,
        "Not an `error.code` itself: a validation failure answers with the code of its first "
        "invalid field (see field codes) and lists every invalid field in `errors`.",
    ),
    "invalid_api_version": ErrorCode(
        400,
        "The Cleavr-Version header names no known version: send a listed one, or leave it out "
        "to use your platform's pinned version.",
    ),
    "body_too_large": ErrorCode(
        413, "The request body is over 12 MB (16 KB on OAuth endpoints): send a smaller one."
    ),
    "unsupported_media_type": ErrorCode(
        415,
        "The endpoint takes a JSON body and the Content-Type header is not `application/json` "
        "(or another `+json` type), or is missing: send it (`param` is `Content-Type`).",
    ),
    "request_timeout": ErrorCode(
        408, "The request body stalled (15 s without data, or 120 s in all): send it again."
    ),
    "invalid_idempotency_key": ErrorCode(400, "An Idempotency-Key must be 1 to 255 characters."),
    "idempotency_key_reused": ErrorCode(
        400,
        "The Idempotency-Key was used in the last 24 hours with a different request: use a new "
        "key for a new request.",
    ),
    # 401
    "unauthenticated": ErrorCode(
        401, "No access token was sent: send it as `Authorization: Bearer <token>`."
    ),
    "invalid_token": ErrorCode(
        401,
        "The access token is malformed, unknown, revoked or expired (RFC 6750): refresh it, or "
        "ask the person to authorize your platform again.",
    ),
    "invalid_credentials": ErrorCode(
        401, "Hosted sign-in page only: the email or password is incorrect."
    ),
    # 403
    "insufficient_scope": ErrorCode(
        403,
        "The access token lacks the scope the endpoint needs (named in WWW-Authenticate): ask "
        "for it in a new authorization.",
    ),
    "livemode_not_allowed": ErrorCode(
        403, "Test helpers only accept test-mode tokens: call them with a test-mode token."
    ),
    # 404
    "resource_missing": ErrorCode(
        404,
        "No object with this id exists for your platform, account and mode: check the id and "
        "whether it belongs to live or test mode.",
    ),
    "endpoint_not_found": ErrorCode(
        404,
        "No endpoint at this path: check the URL. The operator's endpoints (bank statements, the "
        "Stripe webhook) exist only once configured.",
    ),
    # 405
    "method_not_allowed": ErrorCode(405, "The endpoint does not accept this HTTP method."),
    # 409
    "conflict": ErrorCode(409, "The request conflicts with the current state of the object."),
    "invalid_state_transition": ErrorCode(
        409,
        "The object's status does not allow this (for example submitting a receivable that is "
        "not a draft, or a payment on a closed one): fetch it and check `status`.",
    ),
    "receivable_not_draft": ErrorCode(
        409, "Only a draft receivable can be changed: this one has left the draft status."
    ),
    "dossier_not_available": ErrorCode(
        409,
        "The handoff dossier exists once amicable recovery ended without full payment "
        "(status `closed`).",
    ),
    "invoice_not_issued": ErrorCode(
        409,
        "A payout's commission invoice is issued when the payout is paid (and only when it "
        "carries commission).",
    ),
    "legal_identity_missing": ErrorCode(
        409,
        "The agency's own SIREN and VAT number (CLEAVR_LEGAL_SIREN, CLEAVR_LEGAL_VAT_NUMBER) are "
        "not configured: no live commission invoice is issued, and no live payout leaves, "
        "without them. An operator error, not the caller's.",
    ),
    "duplicate_receivable": ErrorCode(
        409,
        "An invoice number is already in an open receivable of this user: use that receivable "
        "instead of creating another.",
    ),
    "onboarding_closed": ErrorCode(
        409,
        "The user's onboarding is over (active, under review or rejected): no new onboarding "
        "link can be made.",
    ),
    "payout_already_paid": ErrorCode(
        409,
        "Every payout this payment could join (its day's, and the user's next 30 days') already "
        "left: record it with a later date.",
    ),
    "collection_account_missing": ErrorCode(
        409,
        "Operator only: no collection account is configured (`CLEAVR_COLLECTION_IBAN`), so no "
        "payout file can be written.",
    ),
    "payout_not_sent": ErrorCode(
        409,
        "Operator only: `payouts mark-paid` names a payout of which no transfer is on its way "
        "(it came back from the bank, or was carried forward): it cannot be confirmed as paid.",
    ),
    "nothing_outstanding": ErrorCode(409, "Debtor portal: nothing is outstanding on this claim."),
    "no_pending_payment_plan": ErrorCode(
        409,
        "The receivable has no payment plan waiting for a decision (none was proposed, or it "
        "was already accepted, refused, broken or completed): fetch it and check "
        "`payment_plan.status`.",
    ),
    "payment_plan_exists": ErrorCode(
        409, "Debtor portal: a payment plan is already pending or under way for this claim."
    ),
    "webhook_disabled": ErrorCode(
        409, "The webhook endpoint is disabled: enable it before resending or recovering events."
    ),
    "no_matching_webhook": ErrorCode(
        409,
        "No enabled webhook endpoint subscribes to this event's type: add or enable one first.",
    ),
    "idempotency_key_in_use": ErrorCode(
        409,
        "A request with this Idempotency-Key is still in progress: retry shortly with the same "
        "key.",
    ),
    "invalid_signature": ErrorCode(
        400, "Stripe webhook only: the Stripe-Signature header does not match the payload."
    ),
    # 429
    "rate_limited": ErrorCode(
        429, "Too many requests for this grant: wait for Retry-After seconds, then retry."
    ),
    "too_many_attempts": ErrorCode(
        429, "Hosted sign-in page only: too many failed attempts; wait for Retry-After seconds."
    ),
    # 500
    "internal_error": ErrorCode(
        500, "An unexpected error on our side, logged: retry later and quote the request id."
    ),
    "service_unavailable": ErrorCode(
        503,
        "The database could not be reached (a restart, a failover): nothing was done; retry "
        "after the Retry-After header's seconds.",
    ),
}

# The code is the problem; `param` names the field (dotted, e.g. `invoice.due_date`).
FIELD_ERROR_CODES: dict[str, str] = {
    "amount_mismatch": "`amount` must equal `amount_before_tax` + `tax_amount`.",
    "amount_must_be_positive": "The invoice amount must be more than 0.",
    "claim_prescribed": (
        "The claim is time-barred (5 years after the due date for a company debtor, 2 for a "
        "consumer): it can no longer be recovered."
    ),
    "contact_email_required": "Every debtor contact needs an email.",
    "contact_required": "Give at least one debtor contact with an email.",
    "credit_note_not_accepted": (
        "The document is a credit note, not an invoice: there is nothing to recover. Also in a "
        "receivable's `ocr.error.code`."
    ),
    "currency_not_supported": "Only EUR is supported.",
    "document_too_large": (
        "The PDF's pages, images or compressed content add up to more than can be read "
        "(pixels at 300 dpi, or bytes once decompressed)."
    ),
    "due_date_before_issue_date": "The due date is before the issue date.",
    "duplicate_receivable": (
        "An invoice number of this draft is already in an open receivable of this user."
    ),
    "email_taken": "Hosted sign-up only: an account already uses this email.",
    "event_not_subscribed": "This webhook endpoint does not subscribe to the event's type.",
    "expired": "A hosted form was sent after its security token expired: send it again.",
    "field_locked": "The value was verified at onboarding and can no longer change.",
    "file_empty": "The uploaded file is empty.",
    "file_encrypted": "The PDF is protected by a password: upload an unprotected copy.",
    "file_missing": (
        "In a receivable's `ocr.error.code`: the uploaded file was no longer available to read."
    ),
    "file_required": "Send the document as the multipart field `file`.",
    "file_too_large": "The file is over 10 MB.",
    "filename_too_long": (
        "The uploaded file's name is too long to read (its part's headers are over about 4 KB): "
        "rename the file. Longer names than 255 characters are otherwise kept cut to 255."
    ),
    "file_type_not_allowed": (
        "Upload a PDF, JPEG or PNG (judged by content, not by name); invoices may also be a "
        "TIFF scan (one or several pages) or UBL 2.1 or CII e-invoice XML."
    ),
    "file_unreadable": "The PDF or image is damaged or incomplete: upload a sound copy.",
    "insecure_redirect_uri": "A live platform's redirect URIs must use https.",
    "insecure_url": "Live mode needs an https URL.",
    "invalid": "The value has the wrong type or is not one of those allowed: see `message`.",
    "invalid_amount": (
        "An amount is a JSON number (or a plain decimal string) with at most 2 decimals, "
        "up to 1,000,000,000.00 EUR; booleans, NaN and exponents are not amounts."
    ),
    "invalid_color": "A brand colour is not `#rrggbb`.",
    "invalid_country": (
        "Not an ISO 3166-1 alpha-2 country code (`FR`, `BE`; any case is read and kept "
        "upper-case), or, in hosted onboarding, not one of the countries offered."
    ),
    "invalid_cursor": (
        "`starting_after`/`ending_before` names no object of this list, or both were given."
    ),
    "invalid_date": "Not a valid date (YYYY-MM-DD), or one out of the accepted range.",
    "invalid_date_range": "`from` must be on or before `to`.",
    "invalid_email": "Not a valid email address.",
    "invalid_event_type": "Not an event type, nor a wildcard such as `receivable.*` or `*`.",
    "invalid_format": "`format` must be `json` or `csv`.",
    "invalid_iban": "Not a valid IBAN (ISO 13616, mod 97).",
    "invalid_instalments": (
        "Debtor portal: a payment plan has from 2 to 12 monthly instalments; a user's "
        "`payment_plan_policy.max_instalments` is from 2 to 12 too."
    ),
    "invalid_interval": "`interval` must be `day`, `week` or `month`.",
    "invalid_invoice_numbers": "Invoice numbers must be non-empty and distinct.",
    "duplicate_parameter": (
        "A query parameter given twice (`?limit=1&limit=3`): each takes one value, and reading "
        "either would answer a request the client may not have meant."
    ),
    "unknown_parameter": (
        "A query parameter the endpoint does not take (`statuss`, `created[gtee]`, `created=…`; "
        "names are case-sensitive): ignored, it would answer the whole list as if filtered. "
        "`message` lists the parameters the endpoint takes."
    ),
    "invalid_json": (
        "The body (`param: body`) is not valid JSON (a syntax error, text after the document, "
        "arrays or objects nested thousands deep), or a multipart field must hold a JSON object."
    ),
    "invalid_logo": "A logo is not a PNG, JPEG or WebP image within the size limits.",
    "invalid_origin": "An embedding origin is not `https://host[:port]` (http only for loopback).",
    "invalid_phone": "Not a valid phone number; use the international form, e.g. +33612345678.",
    "invalid_postal_code": "Not a valid postal code (a French one has 5 digits).",
    "invalid_half_year": "Rates are fixed per half-year: give YYYY-01-01 or YYYY-07-01.",
    "invalid_rate": "The late-payment penalty rate must be an annual percentage from 0 to 100.",
    "invalid_rates": "Commission bands must be MIN_DAYS:RATE pairs starting at 0.",
    "invalid_redirect_uri": (
        "A redirect URI must be an absolute http(s) URL without fragment or userinfo."
    ),
    "invalid_statement": (
        "Operator only: the file is not a camt.053 or camt.054 statement (versions 02 to 14) "
        "valid against its ISO 20022 schema, or it holds no statement of the collection "
        "account (those of other accounts in a file are skipped and listed)."
    ),
    "invalid_siret": "Not a valid 14-digit SIRET (the checksum does not match).",
    "invalid_timestamp": "Use ISO 8601, a date (YYYY-MM-DD) or Unix seconds.",
    "invalid_url": "Not an absolute http(s) URL, or one that carries credentials.",
    "invalid_user_id": "`user_id` cannot be empty.",
    "invalid_vat_number": "Not a valid VAT number (French, or another EU state's by its rules).",
    "invalid_window": "`since` must be before `until`.",
    "issue_date_in_future": "The invoice's issue date is after today.",
    "issue_date_too_early": (
        "The issue date is more than a year (366 days) before the due date: payment terms are at "
        "most 60 days (Code de commerce L441-10), so the year is most likely mistyped."
    ),
    "service_date_too_early": (
        "The service or delivery date is more than a year (366 days) before the issue date: an "
        "invoice is issued on delivery (Code de commerce L441-9)."
    ),
    "invoice_not_overdue": "The due date is not past yet: only overdue invoices are recovered.",
    "low_confidence": (
        "In a draft's `missing_fields`: the invoice was read with low confidence here; confirm "
        "or correct the value with PATCH."
    ),
    "metadata_key_invalid": "Metadata keys are 1 to 40 characters.",
    "metadata_too_many_keys": "Metadata holds at most 50 keys.",
    "metadata_value_too_long": "Metadata values are at most 500 characters.",
    "missing": (
        "A required field is absent from the request, or (in a draft's `field_errors`) from the "
        "draft: give it with PATCH before submitting."
    ),
    "ocr_failed": (
        "The scan could not be read: try again, or create the receivable from its fields. Also "
        "in a receivable's `ocr.error.code`."
    ),
    "ocr_unavailable": "Scans cannot be read on this server: send a PDF with a text layer.",
    "outside_retention": "Events are kept 30 days: start the window later.",
    "nothing_to_waive": "Waive `late_penalties`, `fixed_indemnity` or both.",
    "page_too_large": (
        "A page is larger than can be read (about A2 at 300 dpi, 80 million pixels), or an "
        "image has more pixels than that."
    ),
    "paid_at_before_issue": "A payment cannot predate the invoice.",
    "paid_before_submission": (
        "A payment cannot predate the claim's submission: submit only what was still owed."
    ),
    "paid_at_in_future": "A payment cannot be dated in the future.",
    "payout_returned": (
        "In a user's `requirements.errors`: the bank returned a payout sent to the IBAN given; "
        "`payout.iban` is due again."
    ),
    "password_too_long": "Hosted sign-up only: at most 1024 characters.",
    "invalid_characters": (
        "A string (in the path, the query or the body) holds a control character (C0 such as "
        "NUL, DEL or C1); tab, line feed and carriage return are accepted only in multi-line "
        "fields (descriptions, reasons, payment terms, metadata values), never in a name, an "
        "address line or an invoice number."
    ),
    "invisible_characters": (
        "A string holds an invisible or bidirectional formatting character (Unicode category Cf: "
        "U+202A–U+202E and U+2066–U+2069 embeddings, overrides and isolates, U+200B–U+200F "
        "zero-width characters and marks, U+FEFF, U+00AD…), a line or paragraph separator "
        "(U+2028, U+2029) or a lone surrogate: refused in every field, metadata included."
    ),
    "password_too_short": "Hosted sign-up only: at least 10 characters.",
    "password_too_weak": (
        "Hosted sign-up only: a common password, a word, a name or a keyboard pattern, too easy "
        "to guess (zxcvbn score below 3)."
    ),
    "primary_contact_required": "One debtor contact must have level 0 (primary).",
    "public_client": "A public client has no secret to rotate.",
    "required": (
        "This field must be given and not empty; `PATCH /v1/users/{id}` cannot empty the company "
        "name, SIRET or address (line1, city, postal_code, country) of a user past onboarding."
    ),
    "requirement_missing": (
        "Onboarding cannot be submitted yet: this requirement is still due (see `requirements`)."
    ),
    "resource_missing": "The id in this field names no object of yours in this mode.",
    "service_date_in_future": "The service or delivery date cannot be in the future.",
    "seller_siret_mismatch": (
        "The invoice was issued by another company than the user: a user can only send its own "
        "invoices. Also in a receivable's `ocr.error.code`."
    ),
    "too_large": "An uploaded file is larger than the limit (10 MB).",
    "too_long": "The value is longer than allowed: see `message`.",
    "too_many_documents": "Debtor portal: attach at most 5 documents to a dispute.",
    "too_many_pages": "The document has more than 20 pages.",
    "too_many_periods": "At most 1000 periods: choose a longer interval or a shorter window.",
    "too_young": "The legal representative must be at least 18 years old.",
    "url_not_allowed": "Live mode does not deliver to private, loopback or link-local addresses.",
    "user_not_onboarded": "The user must be `active` (onboarding approved) to send receivables.",
    "vat_number_mismatch": "The VAT number does not belong to the company of the SIRET.",
    "verification_failed": (
        "In a user's `requirements.errors`: the company could not be verified; see `message`."
    ),
}
