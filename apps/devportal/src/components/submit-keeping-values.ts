export { submitKeepingValues } from "@portico/ui/submit-keeping-values";
