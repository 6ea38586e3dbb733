"""The OpenAPI document tells the truth: every error an endpoint can answer is declared as an
`application/problem+json` Problem, and real answers validate against the schema the document
gives for their status and content type (with no undocumented keys)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import httpx
import jsonschema

from tests.api.conftest import Api
from tests.api.test_results import analysis, store, task
from tests.api.test_uploads import post_call
from voc.intake import CallMetadata
from voc.store import calls
from voc.store.tables import utcnow

Validator = jsonschema.Draft202012Validator  # the dialect of OpenAPI 3.1 schemas
PROBLEM_JSON = "application/problem+json"
PROBLEM_REF = "#/components/schemas/Problem"

# (method, path) -> (success status, its content type or None, the problem statuses it can answer).
# Where each comes from: api/auth.py (401 no or unknown key, 403 missing scope), api/uploads.py
# (400 unparsable multipart, 413 over the cap, 415 not multipart or not audio, 422 empty audio),
# request validation (422), voc.errors (413 too long, 415 not audio, 422 bad audio, 503 blob store
# or model unavailable), Idempotency-Key (409 in flight, 422 reused), and each router's 404s.
# Every endpoint that takes a key answers 429 past the key's limits (api/limits.py).
ENDPOINTS: dict[tuple[str, str], tuple[int, str | None, set[int]]] = {
    ("post", "/v1/calls"): (202, "application/json", {400, 401, 403, 409, 413, 415, 422, 429, 503}),
    ("get", "/v1/calls"): (200, "application/json", {401, 403, 422, 429}),
    ("get", "/v1/calls/{call_id}"): (200, "application/json", {401, 403, 404, 429}),
    ("delete", "/v1/calls/{call_id}"): (204, None, {401, 403, 404, 429, 503}),
    ("get", "/v1/calls/{call_id}/original"): (200, "application/json", {401, 403, 404, 429}),
    ("get", "/v1/calls/{call_id}/audio"): (200, "audio/*", {401, 403, 404, 409, 416, 429}),
    ("post", "/v1/conversations"): (202, "application/json", {401, 403, 409, 413, 422, 429, 503}),
    ("get", "/v1/conversations/{call_id}"): (200, "application/json", {401, 403, 404, 429}),
    ("post", "/v1/analyze"): (200, "application/json", {400, 401, 403, 413, 415, 422, 429, 503}),
    ("get", "/v1/tasks"): (200, "application/json", {401, 403, 422, 429}),
    ("get", "/v1/insights/trends"): (200, "application/json", {401, 403, 422, 429}),
    ("get", "/v1/insights/topics"): (200, "application/json", {401, 403, 422, 429}),
    ("get", "/v1/insights/topics/{topic_id}/calls"): (200, "application/json", {401, 403, 404, 422, 429}),
    ("patch", "/v1/insights/topics/{topic_id}"): (200, "application/json", {401, 403, 404, 422, 429}),
    ("post", "/v1/insights/topics/{topic_id}/merge"): (200, "application/json", {401, 403, 404, 422, 429}),
    ("get", "/v1/search"): (200, "application/json", {401, 403, 422, 429}),
    ("post", "/v1/tasks/{task_id}/ack"): (200, "application/json", {401, 403, 404, 429}),
    ("post", "/v1/tasks/{task_id}/done"): (200, "application/json", {401, 403, 404, 429}),
    ("get", "/v1/events"): (200, "application/json", {401, 403, 422, 429}),
    ("get", "/v1/customers/{customer_id}"): (200, "application/json", {401, 403, 404, 429}),
    ("delete", "/v1/customers/{customer_id}"): (200, "application/json", {401, 403, 429, 503}),
    ("post", "/v1/route"): (200, "application/json", {400, 401, 403, 413, 415, 422, 429}),
    ("get", "/v1/route/decisions"): (200, "application/json", {401, 403, 422, 429}),
    ("get", "/v1/route/policy"): (200, "application/json", {401, 403, 429}),
    ("get", "/v1/audit"): (200, "application/json", {401, 403, 422, 429}),
    ("get", "/healthz"): (200, "application/json", {503}),
    ("get", "/livez"): (200, "application/json", set()),
    ("get", "/readyz"): (200, "application/json", {503}),
}


def test_every_endpoint_declares_its_problems(api: Api) -> None:
    document = api.client.get("/openapi.json").json()
    operations = {(m, p) for p, ops in document["paths"].items() for m in ops}
    assert operations == set(ENDPOINTS), "an endpoint was added or removed: say what it answers here"
    for (method, path), (success, content_type, expected) in ENDPOINTS.items():
        responses = document["paths"][path][method]["responses"]
        where = f"{method.upper()} {path}"
        assert str(success) in responses, where
        assert list(responses[str(success)].get("content", {})) == ([content_type] if content_type else []), where
        declared = {int(s) for s in responses if s != "default" and int(s) >= 400}
        assert declared == expected, f"{where}: declares {sorted(declared)}, answers {sorted(expected)}"
        for status in [*map(str, expected), "default"]:
            content = responses[status]["content"]
            assert list(content) == [PROBLEM_JSON], (where, status)
            assert content[PROBLEM_JSON]["schema"] == {"$ref": PROBLEM_REF}, (where, status)
    assert "HTTPValidationError" not in document["components"]["schemas"], "no endpoint sends FastAPI's 422 body"
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "code", "detail"}
    assert "errors" in problem["properties"]


def strict(document: dict[str, Any]) -> dict[str, Any]:
    """The document's schemas with no room for undocumented keys: an object whose properties are
    listed and that does not say otherwise may hold only those."""
    components = copy.deepcopy(document["components"])

    def close(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(components)
    return components


class Documented:
    """Checks answers against what the OpenAPI document says the endpoint answers."""

    def __init__(self, api: Api) -> None:
        self.document = api.client.get("/openapi.json").json()
        self.components = strict(self.document)
        self.checked: set[tuple[str, str, int]] = set()

    def check(self, response: httpx.Response, path: str) -> Any:
        method = response.request.method.lower()
        responses = self.document["paths"][path][method]["responses"]
        status = str(response.status_code)
        assert status in responses, f"{method.upper()} {path} answered {status}, which it does not declare"
        content_type = response.headers["content-type"].split(";")[0]
        content = responses[status]["content"]
        assert content_type in content, f"{method.upper()} {path} {status}: {content_type} not in {list(content)}"
        schema = {**content[content_type]["schema"], "components": self.components}
        body = response.json()
        validator = Validator(schema, format_checker=Validator.FORMAT_CHECKER)
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
        assert not errors, f"{method.upper()} {path} {status}: {errors[:5]}"
        self.checked.add((method, path, response.status_code))
        return body


def test_real_answers_match_the_documented_schemas(api: Api, clip: bytes) -> None:
    docs = Documented(api)
    client, admin = api.client, api.admin

    accepted = docs.check(post_call(api, clip, {"external_id": "o1", "customer_id": "c1"}), "/v1/calls")
    docs.check(post_call(api, clip, {"external_id": "o1"}), "/v1/calls")  # the duplicate: 200
    queued = docs.check(client.get(accepted["status_url"], headers=admin), "/v1/calls/{call_id}")
    assert queued["status"] == "queued" and queued["analysis"] is None

    soon = dt.date.today() + dt.timedelta(days=5)
    done_id = store(
        api,
        "o2",
        analysis([0.2, -0.6], [task("deposit_maturity", soon, "вклад"), task("complaint", None)], cues=True),
        customer_id="c1",
        session_id="s-1",
    )
    done = docs.check(client.get(f"/v1/calls/{done_id}", headers=admin), "/v1/calls/{call_id}")
    assert done["status"] == "done" and done["analysis"]["tasks"][0]["type"] == "deposit_maturity"
    assert done["created_at"].endswith("+00:00")

    database = api.deploy.database()
    with database.write() as session:
        failing = calls.create_call(
            session, client="crm", metadata=CallMetadata(external_id="o3"), dispatched_at=utcnow()
        )
    with database.write() as session:
        calls.claim_call(session, failing.id)
    with database.write() as session:
        calls.fail_call(session, failing.id, "decode", "truncated_audio", "the file was cut off")
    database.dispose()
    failed = docs.check(client.get(f"/v1/calls/{failing.id}", headers=admin), "/v1/calls/{call_id}")
    assert failed["error"] == {"stage": "decode", "code": "truncated_audio", "message": "the file was cut off"}

    listed = docs.check(client.get("/v1/calls", headers=admin), "/v1/calls")
    assert {c["id"] for c in listed["items"]} == {accepted["id"], done_id, failing.id}

    tasks = docs.check(client.get("/v1/tasks", headers=admin), "/v1/tasks")["items"]
    assert [t["type"] for t in tasks] == ["deposit_maturity", "complaint"]
    assert all(t["created_at"].endswith("+00:00") for t in tasks), "stored UTC times say so"
    acked = docs.check(client.post(f"/v1/tasks/{tasks[0]['id']}/ack", headers=admin), "/v1/tasks/{task_id}/ack")
    assert acked["status"] == "acked"
    docs.check(client.post(f"/v1/tasks/{tasks[0]['id']}/done", headers=admin), "/v1/tasks/{task_id}/done")

    assert client.delete(f"/v1/calls/{accepted['id']}", headers=admin).status_code == 204
    events = docs.check(client.get("/v1/events", headers=admin), "/v1/events")["events"]
    assert [e["type"] for e in events] == [
        "call.analyzed",
        "task.created",
        "task.created",
        "call.failed",
        "call.deleted",
    ]
    assert events[1]["data"] == tasks[0], "task.created carries the task as GET /v1/tasks shows it"

    docs.check(client.get("/v1/customers/c1", headers=admin), "/v1/customers/{customer_id}")
    known = docs.check(
        client.post("/v1/route", json={"customer_id": "c1", "ivr_text": "хочу закрыть вклад"}, headers=admin),
        "/v1/route",
    )
    assert known["context"]["customer_id"] == "c1" and "transcript" not in known
    unknown = docs.check(client.post("/v1/route", json={"ani": "+70000000000"}, headers=admin), "/v1/route")
    assert unknown["context"]["known_customer"] is False and "customer_id" not in unknown["context"]
    docs.check(client.get("/v1/route/policy", headers=admin), "/v1/route/policy")
    docs.check(client.get("/healthz"), "/healthz")
    docs.check(client.get("/livez"), "/livez")
    docs.check(client.get("/readyz"), "/readyz")

    docs.check(client.get("/v1/calls/nope", headers=admin), "/v1/calls/{call_id}")  # 404
    invalid = docs.check(client.get("/v1/tasks", params={"limit": 0}, headers=admin), "/v1/tasks")  # 422
    assert invalid["errors"][0]["loc"] == ["query", "limit"]
    docs.check(client.post("/v1/route", json={"ivr_text": "кто я"}, headers=admin), "/v1/route")  # 422
    docs.check(client.get("/v1/events", params={"after": "garbage!"}, headers=admin), "/v1/events")  # 422
    docs.check(client.get("/v1/events"), "/v1/events")  # 401
    docs.check(post_call(api, clip, {"external_id": "o4"}, headers=api.key("results:read")), "/v1/calls")  # 403
    docs.check(client.post("/v1/calls", headers=admin, json={}), "/v1/calls")  # 415
    docs.check(post_call(api, clip + b"\0" * 400_000, {"external_id": "o5"}), "/v1/calls")  # 413
    no_turns = client.post("/v1/conversations", headers=admin, content=json.dumps({"external_id": "x"}))
    docs.check(no_turns, "/v1/conversations")  # 422

    # Erasure: the original was never kept (VOC_REDACTION__KEEP_ORIGINAL is off by default), and the
    # events of an erased customer's call stay in the feed as documented, their content gone.
    docs.check(client.get(f"/v1/calls/{done_id}/original", headers=admin), "/v1/calls/{call_id}/original")  # 404
    docs.check(
        client.get(f"/v1/calls/{done_id}/original", headers=api.key("results:read")), "/v1/calls/{call_id}/original"
    )  # 403
    docs.check(client.delete("/v1/customers/c1", headers=api.key("calls:write")), "/v1/customers/{customer_id}")  # 403
    erased = docs.check(client.delete("/v1/customers/c1", headers=api.key("data:erase")), "/v1/customers/{customer_id}")
    assert erased["calls"] == 1 and erased["tasks"] == 2 and erased["originals"] == 0 and erased["profiles"] == 1
    after = docs.check(client.get("/v1/events", headers=admin), "/v1/events")["events"]
    assert [e["type"] for e in after[:5]] == [e["type"] for e in events], "erased events keep their place and type"
    assert after[1]["data"] == {"erased": True, "call_id": done_id, "id": tasks[0]["id"]}
    assert all(e["customer_id"] is None for e in after), "nothing in the feed names the erased customer"

    statuses = {status for _, _, status in docs.checked}
    assert {200, 202, 401, 403, 404, 413, 415, 422} <= statuses


# The operation ids generated clients name their functions after: changing one breaks them.
OPERATION_IDS = {
    ("post", "/v1/calls"): "uploadCall",
    ("get", "/v1/calls"): "listCalls",
    ("get", "/v1/calls/{call_id}"): "getCall",
    ("delete", "/v1/calls/{call_id}"): "deleteCall",
    ("post", "/v1/conversations"): "submitConversation",
    ("get", "/v1/conversations/{call_id}"): "getConversation",
    ("post", "/v1/analyze"): "analyzeRecording",
    ("get", "/v1/tasks"): "listTasks",
    ("post", "/v1/tasks/{task_id}/ack"): "ackTask",
    ("post", "/v1/tasks/{task_id}/done"): "completeTask",
    ("get", "/v1/events"): "listEvents",
    ("get", "/v1/customers/{customer_id}"): "getCustomer",
    ("post", "/v1/route"): "route",
    ("get", "/v1/route/decisions"): "listRouteDecisions",
    ("get", "/v1/route/policy"): "getRoutePolicy",
    ("get", "/healthz"): "getHealth",
    ("get", "/livez"): "getLiveness",
    ("get", "/readyz"): "getReadiness",
    ("get", "/v1/audit"): "listAudit",
    ("get", "/v1/calls/{call_id}/original"): "getOriginal",
    ("get", "/v1/calls/{call_id}/audio"): "getCallAudio",
    ("delete", "/v1/customers/{customer_id}"): "deleteCustomer",
    ("get", "/v1/insights/trends"): "getTrends",
    ("get", "/v1/search"): "searchTurns",
    ("get", "/v1/insights/topics"): "listTopics",
    ("get", "/v1/insights/topics/{topic_id}/calls"): "listTopicCalls",
    ("patch", "/v1/insights/topics/{topic_id}"): "changeTopic",
    ("post", "/v1/insights/topics/{topic_id}/merge"): "mergeTopic",
}


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(method, path): op for path, ops in document["paths"].items() for method, op in ops.items()}


def test_every_operation_parameter_and_answer_is_described(api: Api) -> None:
    document = api.client.get("/openapi.json").json()
    found = operations(document)
    assert {key: op["operationId"] for key, op in found.items()} == OPERATION_IDS
    for (method, path), op in found.items():
        where = f"{method.upper()} {path}"
        assert op.get("summary") and len(op.get("description", "")) > 40, f"{where}: say what it is for"
        for parameter in op.get("parameters", []):
            assert parameter.get("description"), f"{where}: parameter {parameter['name']} is not described"
        for status, response in op["responses"].items():
            assert response["description"] not in ("", "Successful Response"), f"{where} {status}"
        body = op.get("requestBody", {}).get("content", {})
        for media_type, content in body.items():
            for name, field in content["schema"].get("properties", {}).items():
                assert field.get("description"), f"{where} {media_type}: {name} is not described"
    upload = found[("post", "/v1/calls")]["requestBody"]["content"]["multipart/form-data"]
    assert upload["schema"]["properties"]["metadata"]["$ref"] == "#/components/schemas/CallMetadata"
    assert upload["encoding"] == {"metadata": {"contentType": "application/json"}}
    assert "external_id" in document["components"]["schemas"]["CallMetadata"]["properties"]


def test_examples_come_from_real_answers_and_fit_their_schemas(api: Api) -> None:
    document = api.client.get("/openapi.json").json()
    components = strict(document)
    shown = 0
    for (method, path), op in operations(document).items():
        places = [("request", content) for content in op.get("requestBody", {}).get("content", {}).values()]
        places += [(status, c) for status, r in op["responses"].items() for c in r.get("content", {}).values()]
        for where, content in places:
            if "example" not in content:
                continue
            schema = {**content["schema"], "components": components}
            if where == "request" and "properties" in schema and "metadata" in schema["properties"]:
                # the audio part is a file, shown by no example
                schema = {**schema, "properties": {"metadata": schema["properties"]["metadata"]}, "required": []}
            validator = Validator(schema, format_checker=Validator.FORMAT_CHECKER)
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(content["example"])]
            assert not errors, f"{method.upper()} {path} {where}: {errors[:3]}"
            shown += 1
    assert shown >= 20
    analysis = operations(document)[("get", "/v1/calls/{call_id}")]["responses"]["200"]["content"]
    example = analysis["application/json"]["example"]
    assert example["status"] == "done" and example["analysis"]["turns"][0]["words"], "a real analysed call"
