// @portico/enterprise-auth is consumed as TypeScript source; its ambient declaration for js-md4
// (which ships no types) must be part of this package's program too.
/// <reference path="../../../../enterprise-auth/src/ntlm/js-md4.d.ts" />
