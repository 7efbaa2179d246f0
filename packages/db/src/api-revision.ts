// The shape of ApiRevision.definition: what the platform writes when a publisher makes a revision
// and what the gateway reads when the revision is deployed to its environment. It lives here
// because both sides need it and neither imports the other. Tiers, key managers and XACML
// policies are global objects: a revision names which ones the API uses (and pins the XACML
// policy's version), their limits and keys are read as they are when the gateway loads.

/** Bumped when the shape changes incompatibly; readers refuse a format they do not know. */
export const API_REVISION_FORMAT = 1;

export interface ApiRevisionDefinition {
  format: typeof API_REVISION_FORMAT;
  api: {
    name: string;
    version: string;
    context: string;
    description: string | null;
    tags: string[];
    visibility: string;
    visibleRoles: string[];
    transports: string[];
    endpoints: {
      production: string | null;
      sandbox: string | null;
      productionFailovers: string[];
      sandboxFailovers: string[];
      loadBalance: boolean;
    };
    isDefaultVersion: boolean;
    cors: unknown;
    backendJwt: unknown;
    forwardAuthorization: boolean;
    allowMethodOverride: boolean;
    securitySchemes: unknown;
    gatewayPolicies: unknown[];
    openApi: string | null;
    /** API-level throttling tier */
    throttlingTier: { id: string; name: string } | null;
  };
  scopes: Array<{ name: string; displayName: string | null; description: string | null; roles: string[] }>;
  resources: Array<{
    /** the resource's id when the revision was made: names its throttling counters and XACML attachments */
    id: string;
    method: string;
    path: string;
    authRequired: boolean;
    description: string | null;
    scopes: string[];
    throttlingTier: { id: string; name: string } | null;
  }>;
  /** subscription tiers offered */
  tiers: Array<{ id: string; name: string }>;
  keyManagers: Array<{ id: string; name: string }>;
  xacmlPolicies: Array<{
    policyId: string;
    policyName: string;
    /** the policy version in force when the revision was made */
    version: number;
    resourceId: string | null;
    onNotApplicable: string;
  }>;
  /** documents as they were: the revision records which version (last change) of each was current */
  documents: Array<{ name: string; type: string; updatedAt: string }>;
}
