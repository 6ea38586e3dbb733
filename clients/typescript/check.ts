// Type-checked by tests/clients/test_typescript_client.py against the types openapi-typescript
// generates from voc's OpenAPI document (./voc-api.d.ts, written by the test): what a CRM written
// in TypeScript relies on must exist with these shapes.
import type { components, operations, paths } from "./voc-api";

type Accepted = paths["/v1/calls"]["post"]["responses"][202]["content"]["application/json"];
type Call = operations["getCall"]["responses"][200]["content"]["application/json"];
type Page = operations["listEvents"]["responses"][200]["content"]["application/json"];
type Decision = operations["route"]["responses"][200]["content"]["application/json"];
type Problem = components["schemas"]["Problem"];
type Metadata = components["schemas"]["CallMetadata"];

export function pollAgain(accepted: Accepted): string {
  return accepted.status_url;
}

export function isDone(call: Call): boolean {
  return call.status === "done" && call.analysis !== null && call.analysis !== undefined;
}

export function taskIds(page: Page): string[] {
  const ids: string[] = [];
  for (const event of page.events) {
    // An erased call's events keep their place in the feed but lose their content (data.erased).
    if (event.type === "task.created") {
      if (event.data.id) ids.push(event.data.id);
    } else if (event.type === "call.analyzed") {
      ids.push(...(event.data.task_ids ?? []));
    }
  }
  return ids;
}

export function nextCursor(page: Page): string {
  return page.next_cursor;
}

export function queueFor(decision: Decision): [string, number, boolean] {
  return [decision.queue, decision.priority, decision.degraded];
}

export function explain(problem: Problem): string {
  return `${problem.status} ${problem.code}: ${problem.detail}`;
}

export const metadata: Metadata = { external_id: "pbx-1", customer_id: "cust-1", direction: "inbound" };

export const routeQuery: operations["listRouteDecisions"]["parameters"]["query"] = { customer_id: "cust-1", limit: 10 };
