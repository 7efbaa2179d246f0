// For tests only: helpers that make scratch databases. Not imported by any service.
export { PG_BASE, withScratchDatabase } from "./scratch-postgresql";
