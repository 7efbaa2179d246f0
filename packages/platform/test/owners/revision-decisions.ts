// The owners suite's decisions for the revision and deployment routes of the publisher API.
import { expect } from "vitest";
import type { RouteDecision } from "./world";

export const revisionRouteDecisions: Record<string, RouteDecision> = {
  "GET /apis/{id}/revisions": { kind: "owner", params: (w) => ({ id: w.apiA }) },
  "POST /apis/{id}/revisions": {
    kind: "owner",
    params: (w) => ({ id: w.apiA }),
    body: { description: "bob's snapshot" },
  },
  "GET /apis/{id}/revisions/compare": { kind: "owner", params: (w) => ({ id: w.apiA }) },
  "GET /apis/{id}/revisions/{revisionId}": {
    kind: "owner",
    params: (w) => ({ id: w.apiA, revisionId: w.revA }),
  },
  "DELETE /apis/{id}/revisions/{revisionId}": {
    kind: "owner",
    params: (w) => ({ id: w.apiA, revisionId: w.revA }),
  },
  "POST /apis/{id}/revisions/{revisionId}/restore": {
    kind: "owner",
    params: (w) => ({ id: w.apiA, revisionId: w.revA }),
  },
  "GET /apis/{id}/deployments": { kind: "owner", params: (w) => ({ id: w.apiA }) },
  "POST /apis/{id}/deployments": {
    kind: "owner",
    params: (w) => ({ id: w.apiA }),
    body: { revisionId: "any", environments: ["default"] },
  },
  "DELETE /apis/{id}/deployments/{environment}": {
    kind: "owner",
    params: (w) => ({ id: w.apiA, environment: "default" }),
  },
  "GET /environments": {
    kind: "public",
    why: "the gateway environments a publisher can deploy to: platform reference data",
    probe: async (p) => {
      const list = await p.publisher("GET", "/environments", "bob");
      expect(list.status).toBe(200);
      expect(list.body).toEqual([expect.objectContaining({ name: "default" })]);
    },
  },
};
