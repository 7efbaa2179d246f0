// What admins decide, read from the database and cached for `settingsCacheMs`:
// grant type switches (platform-wide and per key manager), token validity limits, PKCE plain,
// developer self sign-up.
import type { Db } from "@portico/db";
import {
  parseRegistrationPolicy,
  REGISTRATION_POLICY_SETTING,
  type RegistrationPolicy,
} from "@portico/issuer-admin";

export interface TokenValidity {
  applicationTokenDefault: number;
  applicationTokenMax: number;
  userTokenDefault: number;
  userTokenMax: number;
  refreshTokenDefault: number;
  refreshTokenMax: number;
  authorizationCodeTtl: number;
  idTokenTtl: number;
}

const FALLBACK_VALIDITY: TokenValidity = {
  applicationTokenDefault: 3600,
  applicationTokenMax: 86400,
  userTokenDefault: 3600,
  userTokenMax: 86400,
  refreshTokenDefault: 86400,
  refreshTokenMax: 2592000,
  authorizationCodeTtl: 60,
  idTokenTtl: 3600,
};

interface Snapshot {
  at: number;
  enabledGrants: Set<string>;
  validity: TokenValidity;
  pkceAllowPlain: boolean;
  signupEnabled: boolean;
  registration: RegistrationPolicy;
}

export class PlatformSettings {
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;

  constructor(
    private readonly db: Db,
    private readonly keyManagerId: string,
    private readonly cacheMs: number,
  ) {}

  private async load(): Promise<Snapshot> {
    const [grants, overrides, validity, plain, signup, registration] = await Promise.all([
      this.db.grantTypeSetting.findMany({ select: { name: true, enabled: true } }),
      this.db.keyManagerGrantType.findMany({ where: { keyManagerId: this.keyManagerId } }),
      this.db.tokenValiditySetting.findUnique({ where: { id: "default" } }),
      this.db.platformSetting.findUnique({ where: { key: "pkce.allowPlain" } }),
      this.db.platformSetting.findUnique({ where: { key: "signup.enabled" } }),
      this.db.platformSetting.findUnique({ where: { key: REGISTRATION_POLICY_SETTING } }),
    ]);
    const perKeyManager = new Map(overrides.map((o) => [o.grantType, o.enabled]));
    // enabled only when on platform-wide AND not switched off for this key manager
    const enabledGrants = new Set(
      grants.filter((g) => g.enabled && perKeyManager.get(g.name) !== false).map((g) => g.name),
    );
    return {
      at: Date.now(),
      enabledGrants,
      validity: validity ?? FALLBACK_VALIDITY,
      pkceAllowPlain: plain?.value === true,
      signupEnabled: signup?.value === true,
      registration: parseRegistrationPolicy(registration?.value),
    };
  }

  private async current(): Promise<Snapshot> {
    if (this.snapshot && Date.now() - this.snapshot.at < this.cacheMs) return this.snapshot;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    this.snapshot = await this.loading;
    return this.snapshot;
  }

  async isGrantEnabled(grantType: string): Promise<boolean> {
    if ((await this.current()).enabledGrants.has(grantType)) return true;
    if (this.cacheMs <= 0) return false;
    // a grant an admin just switched on must not wait for the cache: confirm a "no" on a fresh read
    this.invalidate();
    return (await this.current()).enabledGrants.has(grantType);
  }

  async tokenValidity(): Promise<TokenValidity> {
    return (await this.current()).validity;
  }

  async pkceAllowPlain(): Promise<boolean> {
    return (await this.current()).pkceAllowPlain;
  }

  /** PlatformSetting `signup.enabled` (JSON `true`): developers may create their own account. */
  async signupEnabled(): Promise<boolean> {
    return (await this.current()).signupEnabled;
  }

  /** PlatformSetting `registration.policy`: dynamic client registration (RFC 7591), off by default. */
  async registrationPolicy(): Promise<RegistrationPolicy> {
    return (await this.current()).registration;
  }

  invalidate(): void {
    this.snapshot = undefined;
  }
}
