import { inputClass } from "@portico/ui";
import type { FieldError } from "./provider-form-value";

/** A text input whose id and name are `name`, marked invalid when the server reported an error on it. */
export function textInputFor(err: FieldError) {
  return (name: string, props: { defaultValue?: string; placeholder?: string; required?: boolean } = {}) => (
    <input
      id={name}
      name={name}
      className={inputClass}
      aria-invalid={Boolean(err(name))}
      defaultValue={props.defaultValue}
      placeholder={props.placeholder}
      required={props.required}
    />
  );
}
