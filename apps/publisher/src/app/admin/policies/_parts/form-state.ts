// Shapes shared by the policy actions (server) and the forms (client): types only.

/** Where the decision point found the problem in a policy document. */
export interface PolicyErrorLocation {
  code: string;
  element?: string;
  line?: number;
  column?: number;
}

/** What a policy form action returns: nothing on success, or the message and one error per field. */
export interface PolicyFormState {
  ok?: boolean;
  message?: string;
  fields?: Record<string, string>;
  policyError?: PolicyErrorLocation;
}

export interface TryItDirective {
  id: string;
  attributes: { attributeId: string; category?: string; dataType: string; value: string }[];
}

/** The "try it" answer as the panel shows it (the operation's result, as plain JSON). */
export interface TryItResult {
  policy: { id: string; name: string; version: number };
  decision: "Permit" | "Deny" | "NotApplicable" | "Indeterminate";
  extendedIndeterminate?: string;
  status: {
    code: string;
    message?: string;
    missingAttributes?: { attributeId: string; category: string; dataType: string }[];
  };
  ruleId: string | null;
  policyId: string | null;
  obligations: TryItDirective[];
  advice: TryItDirective[];
  gateway: { allowed: boolean; reason: string };
  request: unknown;
}

export interface TryItState extends PolicyFormState {
  result?: TryItResult;
}
