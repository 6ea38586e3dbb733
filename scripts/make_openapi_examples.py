"""Records the examples of the OpenAPI document (api/openapi_examples.json) from a real run: a
real API with its embedded worker on a fresh SQLite folder analyses the synthesised test call
tests/data/calls/deposit_ru_8k.wav and a text conversation, and every request and answer a client
would see is kept as it came back. Run it when a body's shape changes; it takes about a minute.

Usage: python scripts/make_openapi_examples.py [--out api/openapi_examples.json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from api.openapi import EXAMPLES_PATH
from voc.config import Settings
from voc.service import Service
from voc.store.keys import create_key

ROOT = Path(__file__).parents[1]
CALL = ROOT / "tests" / "data" / "calls" / "deposit_ru_8k.wav"
METADATA = {
    "external_id": "pbx-20261125-0042",
    "customer_id": "cust-1001",
    "agent_id": "agent-17",
    "started_at": "2026-11-25T10:00:00+03:00",
    "direction": "inbound",
    "session_id": "ivr-5f2c9a",
    "ani": "+70000000042",
}
CONVERSATION = {
    "external_id": "chat-20261125-0007",
    "customer_id": "cust-1001",
    "language": "ru",
    "call_date": "2026-11-25",
    "turns": [
        {"speaker": "customer", "text": "Здравствуйте, третий раз пишу: карта заблокирована, деньги снять не могу."},
        {"speaker": "agent", "text": "Извините за неудобства. Разблокирую карту и перезвоню вам завтра до обеда."},
        {"speaker": "customer", "text": "Хорошо, жду звонка."},
    ],
}
ROUTE = {
    "customer_id": "cust-1001",
    "session_id": "ivr-77b01e",
    "ivr_text": "третий раз звоню по вкладу, позовите руководителя",
    "ivr_path": ["deposits"],
}


def wait_done(client: TestClient, headers: dict[str, str], status_url: str) -> dict[str, Any]:
    for _ in range(600):
        body: dict[str, Any] = client.get(status_url, headers=headers).json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.5)
    raise TimeoutError(status_url)


def record(out: Path) -> None:
    examples: dict[str, dict[str, Any]] = {}

    def keep(operation: str, status: int, body: Any, request: tuple[str, Any] | None = None) -> Any:
        entry = examples.setdefault(operation, {"responses": {}})
        entry["responses"][str(status)] = body
        if request is not None:
            entry.setdefault("request", {})[request[0]] = request[1]
        return body

    with tempfile.TemporaryDirectory() as folder:
        service = Service(Settings(data_dir=Path(folder)))
        with TestClient(create_app(service)) as client:
            with service.database.write() as session:
                _, secret = create_key(session, "crm", ["admin"])
            admin = {"Authorization": f"Bearer {secret}"}
            audio = CALL.read_bytes()

            # The caller routed before the call: the decision is linked to the call's outcome later.
            client.post("/v1/route", json={**ROUTE, "ivr_text": "по вкладу"}, headers=admin)
            multipart = {"metadata": METADATA}
            upload = client.post(
                "/v1/calls",
                headers=admin,
                files={"audio": (CALL.name, audio, "audio/wav")},
                data={"metadata": json.dumps(METADATA, ensure_ascii=False)},
            )
            accepted = keep("uploadCall", upload.status_code, upload.json(), ("multipart/form-data", multipart))
            again = client.post(
                "/v1/calls",
                headers=admin,
                files={"audio": (CALL.name, audio, "audio/wav")},
                data={"metadata": json.dumps(METADATA, ensure_ascii=False)},
            )
            keep("uploadCall", again.status_code, again.json())
            keep("getCall", 200, wait_done(client, admin, accepted["status_url"]))
            keep("getCall", 404, client.get("/v1/calls/call_nope", headers=admin).json())

            chat = client.post("/v1/conversations", json=CONVERSATION, headers=admin)
            submitted = keep("submitConversation", chat.status_code, chat.json(), ("application/json", CONVERSATION))
            keep("getConversation", 200, wait_done(client, admin, submitted["status_url"]))

            answer = client.post("/v1/route", json=ROUTE, headers=admin)  # the customer is known now
            keep("route", answer.status_code, answer.json(), ("application/json", ROUTE))
            keep("listCalls", 200, client.get("/v1/calls", headers=admin).json())
            events = client.get("/v1/events", params={"after": ""}, headers=admin).json()
            keep("listEvents", 200, events)
            keep("listEvents", 401, client.get("/v1/events").json())
            keep("listEvents", 422, client.get("/v1/events", params={"after": "not-a-cursor"}, headers=admin).json())
            tasks = keep("listTasks", 200, client.get("/v1/tasks", headers=admin).json())
            first = tasks["items"][0]["id"]
            keep("ackTask", 200, client.post(f"/v1/tasks/{first}/ack", headers=admin).json())
            keep("completeTask", 200, client.post(f"/v1/tasks/{first}/done", headers=admin).json())
            keep("getCustomer", 200, client.get(f"/v1/customers/{METADATA['customer_id']}", headers=admin).json())
            keep("listRouteDecisions", 200, client.get("/v1/route/decisions", headers=admin).json())
            keep("getRoutePolicy", 200, client.get("/v1/route/policy", headers=admin).json())
            keep("getHealth", 200, client.get("/healthz").json())
            direct = client.post(
                "/v1/analyze",
                headers=admin,
                files={"audio": (CALL.name, audio, "audio/wav")},
                data={"call_date": "2026-11-25"},
            )
            keep("analyzeRecording", direct.status_code, direct.json())
            bad = client.post("/v1/route", json={"ivr_text": "алло"}, headers=admin)
            keep("route", bad.status_code, bad.json())
    out.write_text(json.dumps(examples, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(examples)} operations' examples to {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=EXAMPLES_PATH)
    record(parser.parse_args().out)


if __name__ == "__main__":
    main()
