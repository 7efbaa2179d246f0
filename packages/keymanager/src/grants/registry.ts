// Grant types are modules of one shape, registered in one loop. The token endpoint looks a
// grant up here and runs its handler; it never branches on the grant type itself. A custom
// grant is one more module passed to `createGrantRegistry` (see grants/examples/downscope.ts).
import type { TokenConfirmation } from "@portico/tokens";
import type { ClientRecord } from "../clients/find-client";
import type { Params } from "../http/exchange";
import type { KeyManager } from "../key-manager";
import type { TokenResponse } from "../tokens/issue-token-response";

export interface GrantContext {
  km: KeyManager;
  params: Params;
  /** the authenticated client, already checked to be allowed this grant type */
  client: ClientRecord;
  /** the caller's address, for abuse limits inside a grant (password guessing) */
  sourceAddress: string;
  /**
   * RFC 9449 / RFC 8705: the key of a verified DPoP proof and the connection's client
   * certificate; the grant passes it to issueTokenResponse
   */
  binding?: TokenConfirmation;
}

export interface GrantTypeSettingDefaults {
  displayName: string;
  description: string;
  /** why an admin might keep it off; shown next to the switch */
  risk?: string;
  /** the switch's first position; an admin's later choice is never overwritten */
  enabled: boolean;
}

export interface GrantTypeModule {
  /** the grant_type value (RFC 6749 4, or an absolute URI for extension grants, RFC 6749 4.5) */
  grantType: string;
  /** parameters the token endpoint checks before calling the handler */
  parameters: { required: readonly string[]; optional?: readonly string[] };
  /**
   * What admins see about the grant, and whether it is on before any admin decides: the only
   * source of the grant's GrantTypeSetting row, which the key manager writes on start
   * (`ensureGrantTypeSettings`); the portals read that row, never this module.
   */
  setting: GrantTypeSettingDefaults;
  handler(context: GrantContext): Promise<TokenResponse>;
}

export class GrantRegistry {
  private readonly modules = new Map<string, GrantTypeModule>();

  register(module: GrantTypeModule): void {
    if (this.modules.has(module.grantType))
      throw new Error(`grant type ${module.grantType} is registered twice`);
    this.modules.set(module.grantType, module);
  }

  get(grantType: string): GrantTypeModule | undefined {
    return this.modules.get(grantType);
  }

  /** The grant types this server implements (the `grant_types_supported` metadata). */
  names(): string[] {
    return [...this.modules.keys()];
  }

  all(): GrantTypeModule[] {
    return [...this.modules.values()];
  }
}

export function createGrantRegistry(modules: readonly GrantTypeModule[]): GrantRegistry {
  const registry = new GrantRegistry();
  for (const module of modules) registry.register(module);
  return registry;
}
