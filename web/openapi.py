"""The API described as OpenAPI 3.1: every path that exists, with its bodies and errors."""

import functools

from flask import Blueprint, jsonify

KINDS = ["survival_camp", "social_camp", "workshop", "activity"]
LANGS = ["en", "lt", "pl", "lv", "cs", "de"]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return {"description": description, **_json(_ref("Error"))}


def _errors(*statuses: int) -> dict:
    texts = {
        400: "Malformed JSON (`bad_request`)",
        401: "No or bad token",
        403: "Role not allowed",
        404: "Not found, or not yours",
        405: "Method not allowed here",
        409: "State conflict",
        413: "Body too large",
        422: "Invalid input; `fields` says where",
        429: "Rate limited (see Retry-After)",
    }
    return {str(status): _error(texts[status]) for status in statuses}


_TEXTS = {
    "type": "object",
    "description": "Text by language code; English required on create.",
    "properties": {lang: {"type": ["string", "null"]} for lang in LANGS},
}
_NULLABLE_INT = {"type": ["integer", "null"]}
_NULLABLE_DATETIME = {"type": ["string", "null"], "format": "date-time"}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            }
        },
    },
    "Event": {
        "type": "object",
        "required": [
            "id",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "timezone",
            "venue",
            "capacity",
            "places_left",
            "waitlist_length",
            "min_age",
            "max_age",
            "registration_open",
            "status",
            "url",
            "ical_url",
        ],
        "properties": {
            "id": {"type": "integer"},
            "kind": {"enum": KINDS},
            "title": {"type": "string"},
            "summary": {"type": "string"},
            "description": {"type": "string"},
            "practical_info": {"type": "string"},
            "starts_at": {"type": "string", "format": "date-time"},
            "ends_at": {"type": "string", "format": "date-time"},
            "timezone": {"type": "string"},
            "venue": {
                "type": "object",
                "required": ["name", "country"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "address": {"type": "string"},
                    "country": {"type": "string"},
                },
            },
            "organiser": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            },
            "capacity": {"type": "integer", "minimum": 1},
            "places_left": {"type": "integer", "minimum": 0},
            "waitlist_length": {"type": "integer", "minimum": 0},
            "min_age": _NULLABLE_INT,
            "max_age": _NULLABLE_INT,
            "registration_open": {"type": "boolean"},
            "registration_opens_at": _NULLABLE_DATETIME,
            "registration_closes_at": {"type": "string", "format": "date-time"},
            "waitlist": {"enum": ["auto", "offer"]},
            "offer_hours": {"type": "integer"},
            "status": {"enum": ["published", "draft", "cancelled"]},
            "languages": {"type": "array", "items": {"enum": LANGS}},
            "url": {"type": "string", "format": "uri"},
            "ical_url": {"type": "string", "format": "uri"},
        },
    },
    "EventInput": {
        "type": "object",
        "description": "On PATCH every field is optional and fields left out keep their value.",
        "properties": {
            "kind": {"enum": KINDS},
            "title": _TEXTS,
            "summary": _TEXTS,
            "description": _TEXTS,
            "practical_info": _TEXTS,
            "starts_at": {
                "type": "string",
                "description": "Local time at the venue (no offset), or with an offset.",
                "examples": ["2027-07-05T10:00"],
            },
            "ends_at": {"type": "string", "examples": ["2027-07-09T16:00"]},
            "timezone": {"type": "string", "examples": ["Europe/Vilnius"]},
            "venue": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "country": {"type": "string"}},
            },
            "venue_id": {"type": "integer"},
            "partner_id": {"type": "integer", "description": "Admins only; organisers: theirs."},
            "capacity": {"type": "integer", "minimum": 1},
            "min_age": _NULLABLE_INT,
            "max_age": _NULLABLE_INT,
            "registration_opens_at": {"type": ["string", "null"]},
            "registration_closes_at": {"type": ["string", "null"]},
            "waitlist": {"enum": ["auto", "offer"]},
            "offer_hours": {"type": "integer", "minimum": 1},
            "status": {"enum": ["published", "draft", "cancelled"]},
        },
    },
    "EventPage": {
        "type": "object",
        "required": ["events", "page", "pages"],
        "properties": {
            "events": {"type": "array", "items": _ref("Event")},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "total": {"type": "integer"},
        },
    },
    "RegistrationInput": {
        "type": "object",
        "required": ["participants", "consents"],
        "properties": {
            "guardian": {
                "type": ["object", "null"],
                "description": "Required when anyone is under 18 on the event's first day.",
                "properties": {
                    "name": {"type": "string", "maxLength": 200},
                    "email": {"type": ["string", "null"], "maxLength": 254},
                    "phone": {"type": ["string", "null"], "maxLength": 40},
                    "locale": {"enum": LANGS},
                },
            },
            "participants": {
                "type": "array",
                "minItems": 1,
                "maxItems": 10,
                "items": {
                    "type": "object",
                    "required": ["first_name", "last_name", "birth_date"],
                    "properties": {
                        "first_name": {"type": "string", "maxLength": 100},
                        "last_name": {"type": "string", "maxLength": 100},
                        "birth_date": {"type": "string", "format": "date"},
                        "gender": {"enum": ["female", "male", "other", None]},
                        "dietary": {"type": ["string", "null"], "maxLength": 500},
                        "health_notes": {"type": ["string", "null"], "maxLength": 2000},
                        "email": {"type": ["string", "null"]},
                        "phone": {"type": ["string", "null"]},
                    },
                },
            },
            "consents": {
                "type": "object",
                "properties": {
                    kind: {"type": "boolean"}
                    for kind in ("data_processing", "guardian", "health_data", "photos")
                },
            },
            "emergency": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "phone": {"type": "string"}},
            },
            "siblings": {"enum": ["together", "any"]},
            "privacy_version": {
                "type": ["integer", "null"],
                "description": "The privacy notice version shown (GET /api/v1/privacy); "
                "a newer current version refuses the registration (422 privacy_changed).",
            },
        },
    },
    "PrivacyNotice": {
        "type": "object",
        "required": ["version", "published_at", "language", "text"],
        "properties": {
            "version": {"type": "integer", "minimum": 1},
            "published_at": _NULLABLE_DATETIME,
            "language": {"enum": LANGS},
            "text": {"type": "string"},
        },
    },
    "Booking": {
        "type": "object",
        "required": ["reference", "booking_url", "booking_token", "status", "participants"],
        "properties": {
            "reference": {"type": "string"},
            "booking_url": {"type": "string", "format": "uri"},
            "booking_token": {"type": "string"},
            "status": {"enum": ["confirmed", "waitlisted", "partial", "offered", "cancelled"]},
            "participants": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "first_name", "status", "waitlist_position", "ticket"],
                    "properties": {
                        "id": {"type": "integer"},
                        "first_name": {"type": "string"},
                        "last_name": {"type": "string"},
                        "status": {"enum": ["confirmed", "waitlisted", "offered", "cancelled"]},
                        "waitlist_position": {"type": ["integer", "null"], "minimum": 1},
                        "offer_expires_at": _NULLABLE_DATETIME,
                        "attention": {"type": "boolean"},
                        "ticket": {
                            "type": ["object", "null"],
                            "properties": {
                                "code": {"type": "string"},
                                "qr_png_url": {"type": "string", "format": "uri"},
                                "qr_svg_url": {"type": "string", "format": "uri"},
                            },
                        },
                    },
                },
            },
            "event": _ref("Event"),
        },
    },
    "ScanInput": {
        "type": "object",
        "required": ["event_id"],
        "description": "Give the QR's `code`, or the `ticket_id` of someone found by name.",
        "properties": {
            "code": {"type": "string", "maxLength": 100},
            "ticket_id": {"type": "integer"},
            "event_id": {"type": "integer"},
            "direction": {"enum": ["in", "out"]},
            "nonce": {"type": "string", "maxLength": 100},
            "scanned_at": {"type": "string", "format": "date-time"},
        },
    },
    "ScanAnswer": {
        "type": "object",
        "required": ["ok", "code", "message", "participant", "first_scan_at", "on_site_now"],
        "properties": {
            "ok": {"type": "boolean"},
            "code": {
                "enum": [
                    "ok",
                    "already_checked_in",
                    "not_checked_in",
                    "unknown_ticket",
                    "wrong_event",
                    "cancelled",
                    "not_confirmed",
                ]
            },
            "message": {"type": "string"},
            "direction": {"enum": ["in", "out"]},
            "participant": {
                "type": ["object", "null"],
                "properties": {
                    "display_name": {"type": "string"},
                    "age": {"type": "integer"},
                    "attention": {"type": "boolean"},
                    "photos": {"type": "boolean", "description": "photo consent given"},
                },
            },
            "first_scan_at": _NULLABLE_DATETIME,
            "on_site_now": {"type": "integer"},
        },
    },
    "Stay": {
        "type": "object",
        "required": ["id", "bed_id", "arrives_on", "departs_on", "status"],
        "properties": {
            "id": {"type": "integer"},
            "bed_id": {"type": "integer"},
            "participant_id": {"type": ["integer", "null"]},
            "event_id": {"type": ["integer", "null"]},
            "first_name": {"type": "string"},
            "purpose": {"enum": ["camp", "temporary_stay"]},
            "arrives_on": {"type": "string", "format": "date"},
            "departs_on": {"type": "string", "format": "date"},
            "nights": {"type": "integer"},
            "status": {"enum": ["planned", "checked_in", "checked_out", "cancelled"]},
        },
    },
    "StayInput": {
        "type": "object",
        "required": ["bed_id", "arrives_on", "departs_on", "purpose"],
        "properties": {
            "bed_id": {"type": "integer"},
            "participant_id": {"type": ["integer", "null"]},
            "guest": {
                "type": ["object", "null"],
                "required": ["first_name", "last_name", "birth_date"],
                "properties": {
                    "first_name": {"type": "string"},
                    "last_name": {"type": "string"},
                    "birth_date": {"type": "string", "format": "date"},
                },
            },
            "arrives_on": {"type": "string", "format": "date"},
            "departs_on": {"type": "string", "format": "date"},
            "purpose": {"enum": ["camp", "temporary_stay"]},
            "event_id": {"type": ["integer", "null"]},
            "referred_by": {"type": "string"},
        },
    },
    "TokenRequest": {
        "type": "object",
        "required": ["email", "password"],
        "properties": {"email": {"type": "string"}, "password": {"type": "string"}},
    },
    "Token": {
        "type": "object",
        "required": ["token", "role", "expires_at"],
        "properties": {
            "token": {"type": "string"},
            "role": {"enum": ["admin", "organiser", "facility", "scanner"]},
            "expires_at": {"type": "string", "format": "date-time"},
        },
    },
}

_LANG_PARAM = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "Language of messages and texts; else Accept-Language, else English.",
    "schema": {"type": "string"},
}
_EVENT_ID = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_STAY_ID = {"name": "stay_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_VENUE_ID = {"name": "venue_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_TOKEN = {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}
_IDEMPOTENCY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Repeating a key returns the first answer and writes nothing new. A key belongs to"
        " its caller: a staff member's token, or for the public the key with the same body;"
        " it lasts 24 hours. The stored answer is encrypted under a key derived from it."
    ),
    "schema": {"type": "string", "maxLength": 200},
}
_BEARER = [{"bearer": []}]

PATHS = {
    "/api/v1/auth/token": {
        "post": {
            "summary": "Exchange an e-mail and password for a bearer token",
            "requestBody": {"required": True, **_json(_ref("TokenRequest"))},
            "responses": {
                "200": {"description": "A token", **_json(_ref("Token"))},
                **_errors(400, 401, 413, 422, 429),
            },
        }
    },
    "/api/v1/events": {
        "get": {
            "summary": "Published events, soonest first, 20 a page",
            "parameters": [
                {"name": "kind", "in": "query", "schema": {"enum": KINDS}},
                {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                _LANG_PARAM,
            ],
            "responses": {
                "200": {"description": "A page of events", **_json(_ref("EventPage"))},
                **_errors(422),
            },
        },
        "post": {
            "summary": "Create an event (organiser, admin)",
            "security": _BEARER,
            "parameters": [_LANG_PARAM],
            "requestBody": {"required": True, **_json(_ref("EventInput"))},
            "responses": {
                "201": {"description": "The new event", **_json(_ref("Event"))},
                **_errors(400, 401, 403, 413, 422),
            },
        },
    },
    "/api/v1/events/{event_id}": {
        "get": {
            "summary": "One event (drafts only for the staff who manage them)",
            "parameters": [_EVENT_ID, _LANG_PARAM],
            "responses": {
                "200": {"description": "The event", **_json(_ref("Event"))},
                **_errors(401, 404),
            },
        },
        "patch": {
            "summary": "Change an event; raising capacity promotes, cancelling revokes tickets",
            "security": _BEARER,
            "parameters": [_EVENT_ID, _LANG_PARAM],
            "requestBody": {"required": True, **_json(_ref("EventInput"))},
            "responses": {
                "200": {"description": "The changed event", **_json(_ref("Event"))},
                **_errors(400, 401, 403, 404, 409, 413, 422),
            },
        },
    },
    "/api/v1/events/{event_id}/registrations": {
        "post": {
            "summary": "Register a family (a staff token: on someone's behalf, no e-mail needed)",
            "description": (
                "422 consent_required when a consent is missing; 429 past the public"
                " registrations allowed per client address (REGISTRATION_RATE_LIMIT), never"
                " for a staff token."
            ),
            "parameters": [_EVENT_ID, _LANG_PARAM, _IDEMPOTENCY],
            "requestBody": {"required": True, **_json(_ref("RegistrationInput"))},
            "responses": {
                "201": {"description": "The booking", **_json(_ref("Booking"))},
                **_errors(400, 401, 403, 404, 409, 413, 422),
            },
        }
    },
    "/api/v1/privacy": {
        "get": {
            "summary": "The current privacy notice, whose version registrations consent to",
            "parameters": [_LANG_PARAM],
            "responses": {"200": {"description": "The notice", **_json(_ref("PrivacyNotice"))}},
        }
    },
    "/api/v1/bookings/{token}": {
        "get": {
            "summary": "A booking, with its event",
            "parameters": [_TOKEN, _LANG_PARAM],
            "responses": {
                "200": {"description": "The booking", **_json(_ref("Booking"))},
                **_errors(404),
            },
        }
    },
    "/api/v1/bookings/{token}/cancel": {
        "post": {
            "summary": "Cancel some (participant_ids) or all places; the queue moves at once",
            "parameters": [_TOKEN, _LANG_PARAM, _IDEMPOTENCY],
            "requestBody": {
                "required": False,
                **_json(
                    {
                        "type": "object",
                        "properties": {
                            "participant_ids": {"type": "array", "items": {"type": "integer"}}
                        },
                    }
                ),
            },
            "responses": {
                "200": {"description": "The booking", **_json(_ref("Booking"))},
                **_errors(400, 404, 409, 422),
            },
        }
    },
    "/api/v1/bookings/{token}/accept": {
        "post": {
            "summary": "Accept the places offered to the booking, before the deadline",
            "parameters": [_TOKEN, _LANG_PARAM, _IDEMPOTENCY],
            "responses": {
                "200": {"description": "The booking", **_json(_ref("Booking"))},
                **_errors(404, 409),
            },
        }
    },
    "/api/v1/checkin": {
        "post": {
            "summary": "Scan a ticket in or out (scanner, organiser, admin)",
            "security": _BEARER,
            "parameters": [_LANG_PARAM],
            "requestBody": {"required": True, **_json(_ref("ScanInput"))},
            "responses": {
                "200": {"description": "Every readable scan", **_json(_ref("ScanAnswer"))},
                **_errors(400, 401, 403, 404, 413, 422, 429),
            },
        }
    },
    "/api/v1/checkin/batch": {
        "post": {
            "summary": "Upload queued offline scans; answered in order, none recorded twice",
            "security": _BEARER,
            "parameters": [_LANG_PARAM],
            "requestBody": {
                "required": True,
                **_json(
                    {
                        "type": "object",
                        "required": ["items"],
                        "properties": {
                            "items": {"type": "array", "maxItems": 500, "items": _ref("ScanInput")}
                        },
                    }
                ),
            },
            "responses": {
                "200": {
                    "description": "One answer per item",
                    **_json(
                        {
                            "type": "object",
                            "properties": {
                                "results": {"type": "array", "items": {"type": "object"}}
                            },
                        }
                    ),
                },
                **_errors(400, 401, 403, 413, 422),
            },
        }
    },
    "/api/v1/events/{event_id}/checkin/sync": {
        "get": {
            "summary": "What an offline scanner needs (ETag / If-None-Match)",
            "security": _BEARER,
            "parameters": [_EVENT_ID],
            "responses": {
                "200": {"description": "Tickets by code hash", **_json({"type": "object"})},
                "304": {"description": "Unchanged"},
                **_errors(401, 403, 404),
            },
        }
    },
    "/api/v1/events/{event_id}/attendance": {
        "get": {
            "summary": "People confirmed, waiting, checked in at least once, on site now",
            "security": _BEARER,
            "parameters": [_EVENT_ID],
            "responses": {
                "200": {
                    "description": "Counts",
                    **_json(
                        {
                            "type": "object",
                            "required": ["confirmed", "waitlisted", "checked_in", "on_site_now"],
                            "properties": {
                                key: {"type": "integer"}
                                for key in ("confirmed", "waitlisted", "checked_in", "on_site_now")
                            },
                        }
                    ),
                },
                **_errors(401, 403, 404),
            },
        }
    },
    "/api/v1/facilities": {
        "get": {
            "summary": "Facilities with their rooms and beds (facility, admin)",
            "security": _BEARER,
            "responses": {
                "200": {"description": "Facilities", **_json({"type": "array"})},
                **_errors(401, 403),
            },
        }
    },
    "/api/v1/facilities/{venue_id}/occupancy": {
        "get": {
            "summary": "Per night from `from` to `to` (both included): beds total, open, occupied",
            "security": _BEARER,
            "parameters": [
                _VENUE_ID,
                {
                    "name": "from",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "format": "date"},
                },
                {
                    "name": "to",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "format": "date"},
                },
            ],
            "responses": {
                "200": {"description": "Nights and bed-nights", **_json({"type": "object"})},
                **_errors(401, 403, 404, 422),
            },
        }
    },
    "/api/v1/closures": {
        "post": {
            "summary": "Close a room or a bed for the nights [starts_on, ends_on)",
            "security": _BEARER,
            "requestBody": {"required": True, **_json({"type": "object"})},
            "responses": {"201": {"description": "The closure"}, **_errors(400, 401, 403, 422)},
        }
    },
    "/api/v1/closures/{closure_id}": {
        "delete": {
            "summary": "Open the room or bed again",
            "security": _BEARER,
            "parameters": [
                {
                    "name": "closure_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                }
            ],
            "responses": {"204": {"description": "Removed"}, **_errors(401, 403, 404)},
        }
    },
    "/api/v1/stays": {
        "post": {
            "summary": "Put a participant or a guest in a bed for some nights",
            "description": (
                "409 bed_taken (another stay has the bed on one of those nights), bed_closed, or"
                " person_has_bed (the same person, by name and birth date, sleeps elsewhere"
                " then); 422 validation (also an event_id that is not there)."
            ),
            "security": _BEARER,
            "requestBody": {"required": True, **_json(_ref("StayInput"))},
            "responses": {
                "201": {"description": "The stay", **_json(_ref("Stay"))},
                **_errors(400, 401, 403, 404, 409, 422),
            },
        }
    },
    "/api/v1/stays/{stay_id}": {
        "delete": {
            "summary": "Cancel a stay; its nights are free again",
            "security": _BEARER,
            "parameters": [_STAY_ID],
            "responses": {"204": {"description": "Cancelled"}, **_errors(401, 403, 404, 409)},
        }
    },
    "/api/v1/stays/{stay_id}/check-in": {
        "post": {
            "summary": "The guest has arrived",
            "security": _BEARER,
            "parameters": [_STAY_ID],
            "responses": {
                "200": {"description": "The stay", **_json(_ref("Stay"))},
                **_errors(401, 403, 404, 409),
            },
        }
    },
    "/api/v1/stays/{stay_id}/check-out": {
        "post": {
            "summary": "The guest has left",
            "security": _BEARER,
            "parameters": [_STAY_ID],
            "responses": {
                "200": {"description": "The stay", **_json(_ref("Stay"))},
                **_errors(401, 403, 404, 409),
            },
        }
    },
    "/api/v1/openapi.json": {
        "get": {
            "summary": "This document",
            "responses": {"200": {"description": "OpenAPI 3.1", **_json({"type": "object"})}},
        }
    },
}


def _with_common_answers(paths: dict) -> dict:
    """Every operation may also hear 405 (an id that is really another route's address),
    413 (a body over the limit) and 429 (too many requests)."""
    common = _errors(405, 413, 429)
    return {
        path: {
            method: {**spec, "responses": {**common, **spec["responses"]}}
            for method, spec in methods.items()
        }
        for path, methods in paths.items()
    }


@functools.cache
def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Tiltas API",
            "version": "1",
            "description": "Events, registrations, check-in and the Antazavė facility.",
        },
        "paths": _with_common_answers(PATHS),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/openapi.json")
def openapi_document():
    """The whole API as OpenAPI 3."""
    return jsonify(document())
