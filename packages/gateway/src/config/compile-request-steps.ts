import { PolicyRejection, type RequestStep, readAttachment } from "@portico/api-policies";
import { compileResponseSteps } from "./compile-response-steps";
import { parseJsonValue } from "./read-api-settings";
import type { RequestPipeline } from "./snapshot";

type Read = NonNullable<ReturnType<typeof readAttachment>> & { id: string };

/**
 * Compiles an API's attached policies once per snapshot. Each resource gets the steps that apply
 * to it, in the order the publisher chose; a resource with none gets undefined, so the hot path
 * tests one field and pays nothing more. An attachment that no longer validates (a policy that
 * was removed, a row edited by hand) or does not compile makes the API refuse calls: a policy
 * the publisher asked for is never skipped silently.
 */
export function compileRequestSteps(
  apiId: string,
  stored: unknown,
  openApiText: string | null,
): (method: string, path: string) => RequestPipeline | undefined {
  const list = parseJsonValue(stored);
  if (!Array.isArray(list) || list.length === 0) return () => undefined;
  const attachments: Read[] = [];
  for (const [index, item] of list.entries()) {
    const read = readAttachment(item);
    if (!read) return () => UNAVAILABLE;
    attachments.push({ ...read, id: `${apiId}:${index}` });
  }
  const openApi = openApiText ? parseJsonValue(openApiText) : undefined;
  return (method, path) => {
    const applying = attachments.filter(
      ({ attachment: { resource } }) => !resource || (resource.method === method && resource.path === path),
    );
    if (applying.length === 0) return undefined;
    try {
      const compiled = applying.map(({ attachment, definition, id }) => ({
        config: attachment.config,
        definition,
        context: { id, openApi, resource: { method, path } },
      }));
      const steps = compiled.flatMap(({ config, definition, context }) =>
        definition.compile ? [definition.compile(config, context)] : [],
      );
      const response = compileResponseSteps(compiled);
      if (steps.length === 0 && response === undefined) return undefined;
      return {
        steps,
        readsBody: applying.some(({ definition }) => definition.readsBody === true),
        response,
      };
    } catch {
      return UNAVAILABLE;
    }
  };
}

const refuse: RequestStep = () => {
  throw new PolicyRejection(503, "policy_unavailable", "a policy attached to this API cannot be applied");
};
const UNAVAILABLE: RequestPipeline = { steps: [refuse], readsBody: false, response: undefined };
