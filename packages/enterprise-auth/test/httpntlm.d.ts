// httpntlm ships no types; the NTLM message functions used as an independent client in tests.
// The one declaration: the key manager's and the platform's tsconfig include this file too.
declare module "httpntlm/ntlm.js" {
  export interface Type2Message {
    negotiateFlags: number;
    serverChallenge: Buffer;
    targetInfo?: Buffer;
    [key: string]: unknown;
  }
  export function createType1Message(options: { domain?: string; workstation?: string }): string;
  export function parseType2Message(raw: string, callback: (error: Error | null) => void): Type2Message;
  export function createType3Message(
    type2: Type2Message,
    options: { username: string; password: string; domain?: string; workstation?: string },
  ): string;
}
