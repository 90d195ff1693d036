"""The API described as OpenAPI 3.1: every path that exists, with its bodies and errors."""

import pydantic
from flask import Blueprint, current_app, jsonify

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


def _parameters(rule, spec) -> list[dict]:
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer" if type(converter).__name__ in _INTEGERS else "string"},
        }
        for name, converter in rule._converters.items()
    ]
    if spec.query is not None:
        # Query parameters are flat: each field of the model is one parameter.
        schema = spec.query.model_json_schema(ref_template=_REF)
        required = set(schema.get("required", ()))
        parameters += [
            {"name": name, "in": "query", "required": name in required, "schema": field}
            for name, field in schema["properties"].items()
        ]
    return [*parameters, _LANG_PARAM]


_INTEGERS = {"IntegerConverter", "BoundedInteger"}
_REF = "#/components/schemas/{model}"
_ERROR_TEXTS = {
    400: "Malformed JSON (`bad_request`)",
    401: "No or bad token",
    403: "Role not allowed",
    404: "Not found, or not yours",
    405: "Method not allowed here",
    409: "State conflict",
    413: "Body too large",
    422: "Invalid input; `fields` says where",
    429: "Rate limited (see Retry-After)",
    503: "The database is busy: try again",
}


def _operation(rule, view, models: dict) -> dict:
    spec = view.api
    responses = {}
    for status, model in spec.answers.items():
        if model is None:
            responses[str(status)] = _error(_ERROR_TEXTS[status])
        elif isinstance(model, str):  # an answer without a body, such as 304
            responses[str(status)] = {"description": model}
        else:
            models[model.__name__] = (model, "serialization")
            responses[str(status)] = {"description": "OK", **_json(_ref(model.__name__))}
    operation = {"summary": spec.summary, "parameters": _parameters(rule, spec)}
    if spec.description:
        operation["description"] = spec.description
    if getattr(view, "idempotent", False):
        operation["parameters"].append(_IDEMPOTENCY)
    if spec.bearer is not False:
        operation["security"] = _BEARER if spec.bearer else [{}, *_BEARER]
    if spec.body is not None:
        models[spec.body.__name__] = (spec.body, "validation")
        body = _json(_ref(spec.body.__name__))
        operation["requestBody"] = {"required": spec.body_required, **body}
    operation["responses"] = {**_errors(405, 413, 429), **responses}
    return operation


def _generated(app) -> tuple[dict, dict]:
    """The paths and schemas of every view that declares its bodies (jsonapi.endpoint)."""
    paths: dict = {}
    models: dict = {}
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if not rule.rule.startswith("/api/") or not hasattr(view, "api"):
            continue
        path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule, view, models)
    schemas = {}
    if models:
        _keys, definitions = pydantic.json_schema.models_json_schema(
            list(models.values()), ref_template=_REF
        )
        schemas = definitions.get("$defs", {})
    return paths, schemas


def document(app) -> dict:
    """The whole API as OpenAPI 3.1, made once per app from its routes' declarations."""
    if "tiltas.openapi" not in app.extensions:
        paths, schemas = _generated(app)
        app.extensions["tiltas.openapi"] = {
            "openapi": "3.1.0",
            "info": {
                "title": "Tiltas API",
                "version": "1",
                "description": "Events, registrations, check-in and the Antazavė facility.",
            },
            "paths": {**_with_common_answers(PATHS), **paths},
            "components": {
                "schemas": {**SCHEMAS, **schemas},
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            },
        }
    return app.extensions["tiltas.openapi"]


bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/openapi.json")
def openapi_document():
    """The whole API as OpenAPI 3."""
    return jsonify(document(current_app))
