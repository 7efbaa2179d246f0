// Peers and load generators the benchmarks import without published types; each import site
// states the shape it uses.
declare module "autocannon";
declare module "fast-gateway";
declare module "oidc-provider";
