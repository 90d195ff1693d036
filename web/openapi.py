"""The API described as OpenAPI 3.1, generated from the routes and the schemas they declare.

Nothing here names an endpoint or a field: each API view declares its bodies and answers
(`jsonapi.endpoint`), and the pydantic models that check the requests write the schemas.
"""

import pydantic
from flask import Blueprint, Flask, current_app, jsonify

from web.jsonapi import Endpoint, endpoint
from web.schemas import Error

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
}
#: Every operation may also hear these: an id that is really another route's address, a body
#: over the limit, too many requests.
_COMMON_ERRORS = (405, 413, 429)
_LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "Language of messages and texts; else Accept-Language, else English.",
    "schema": {"type": "string"},
}
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
_INTEGER_CONVERTERS = {"IntegerConverter", "BoundedInteger"}


def _json(model: type[pydantic.BaseModel]) -> dict:
    return {
        "content": {"application/json": {"schema": {"$ref": _REF.format(model=model.__name__)}}}
    }


def _parameters(rule, spec: Endpoint) -> list[dict]:
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {
                "type": "integer" if type(converter).__name__ in _INTEGER_CONVERTERS else "string"
            },
        }
        for name, converter in rule._converters.items()
    ]
    if spec.query is not None:
        # A query is flat: each field of its model is one parameter.
        schema = spec.query.model_json_schema(ref_template=_REF)
        required = set(schema.get("required", ()))
        parameters += [
            {"name": name, "in": "query", "required": name in required, "schema": field}
            for name, field in schema["properties"].items()
        ]
    return [*parameters, _LANG]


def _answers(spec: Endpoint, models: dict) -> dict:
    answers = dict.fromkeys((*_COMMON_ERRORS, *spec.errors)) | spec.answers
    responses = {}
    for status, model in answers.items():
        if model is None:
            models["Error"] = (Error, "serialization")
            responses[str(status)] = {"description": _ERROR_TEXTS[status], **_json(Error)}
        elif isinstance(model, str):  # an answer without a body, such as 204 or 304
            responses[str(status)] = {"description": model}
        else:
            models[model.__name__] = (model, "serialization")
            responses[str(status)] = {"description": "OK", **_json(model)}
    return responses


def _operation(rule, view, models: dict) -> dict:
    spec: Endpoint = view.api
    operation = {"summary": spec.summary, "parameters": _parameters(rule, spec)}
    if spec.description:
        operation["description"] = spec.description
    if getattr(view, "idempotent", False):
        operation["parameters"].append(_IDEMPOTENCY)
    if spec.bearer is not False:
        # None: a token may be sent (a staff member registering on someone's behalf).
        operation["security"] = _BEARER if spec.bearer else [{}, *_BEARER]
    if spec.body is not None:
        models[spec.body.__name__] = (spec.body, "validation")
        operation["requestBody"] = {"required": spec.body_required, **_json(spec.body)}
    operation["responses"] = _answers(spec, models)
    return operation


def _generate(app: Flask) -> dict:
    paths: dict = {}
    models: dict = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if not rule.rule.startswith("/api/"):
            continue
        view = app.view_functions[rule.endpoint]
        if not hasattr(view, "api"):
            raise TypeError(f"{rule.endpoint} is an API route that declares no bodies")
        path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule, view, models)
    _keys, definitions = pydantic.json_schema.models_json_schema(
        list(models.values()), ref_template=_REF
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Tiltas API",
            "version": "1",
            "description": "Events, registrations, check-in and the Antazavė facility.",
        },
        "paths": paths,
        "components": {
            "schemas": definitions.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def document(app: Flask) -> dict:
    """The whole API as OpenAPI 3.1, made once per app."""
    if "tiltas.openapi" not in app.extensions:
        app.extensions["tiltas.openapi"] = _generate(app)
    return app.extensions["tiltas.openapi"]


class OpenApiDocument(pydantic.RootModel[dict]):
    """An OpenAPI 3.1 document."""


bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/openapi.json")
@endpoint(summary="This document", answers={200: OpenApiDocument}, bearer=False)
def openapi_document():
    """The whole API as OpenAPI 3."""
    return jsonify(document(current_app))
