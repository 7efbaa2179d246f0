// The load generator the cluster fault tests drive; it publishes no types, and the one call site
// states the result shape it reads.
declare module "autocannon";
