import { definePolicy } from "../define-policy";
import { corsSchema } from "./schema";

export const corsPolicy = definePolicy({
  name: "cors",
  title: "CORS",
  description:
    "Lets browser scripts of the listed origins call the API; preflights are answered by the gateway.",
  levels: ["api"],
  phase: "setting",
  schema: corsSchema,
});
