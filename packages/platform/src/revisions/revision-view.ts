import type { ApiRevisionDefinition } from "@portico/db";

interface RevisionRow {
  id: string;
  apiId: string;
  number: number;
  description: string | null;
  createdBy: string | null;
  createdAt: Date;
  deployments: Array<{ deployedAt: Date; environment: { name: string; displayName: string } }>;
}

/** A revision as lists show it: who made it, when, and where it is deployed. */
export function toRevisionSummary(row: RevisionRow) {
  return {
    id: row.id,
    apiId: row.apiId,
    number: row.number,
    description: row.description,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    deployments: row.deployments
      .map((d) => ({
        environment: d.environment.name,
        displayName: d.environment.displayName,
        deployedAt: d.deployedAt.toISOString(),
      }))
      .sort((a, b) => a.environment.localeCompare(b.environment)),
  };
}
export type RevisionSummary = ReturnType<typeof toRevisionSummary>;

/** A revision with the definition it holds. */
export function toRevisionView(row: RevisionRow & { definition: unknown }) {
  return { ...toRevisionSummary(row), definition: row.definition as ApiRevisionDefinition };
}

export const revisionInclude = {
  deployments: { include: { environment: { select: { name: true, displayName: true } } } },
} as const;
