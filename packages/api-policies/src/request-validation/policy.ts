import { definePolicy } from "../define-policy";
import { compileRequestValidation } from "./handler";
import { compileResponseValidation } from "./response-validation";
import { requestValidationSchema } from "./schema";

export const requestValidationPolicy = definePolicy({
  name: "request-validation",
  title: "Request validation",
  description:
    "Checks path, query and header parameters and JSON bodies against the API's OpenAPI document; a bad call is 400 invalid_request naming the failing field. Optionally logs backend answers that do not match their response schema.",
  levels: ["api", "resource"],
  phase: "request",
  readsBody: true,
  schema: requestValidationSchema,
  compile: compileRequestValidation,
  compileResponse: compileResponseValidation,
});
