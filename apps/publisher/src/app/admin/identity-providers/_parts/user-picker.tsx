import { Field, inputClass } from "@portico/ui";

/** A required choice of one Portico user, by username; the form sends the user's id as `name`. */
export function UserPicker({
  label,
  id,
  name,
  users,
  error,
}: {
  label: string;
  /** the select's id, which its label points at */
  id: string;
  /** the form field that carries the chosen user's id */
  name: string;
  users: ReadonlyArray<{ id: string; username: string }>;
  error?: string;
}) {
  return (
    <Field label={label} name={id} error={error}>
      <select id={id} name={name} className={inputClass} required>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.username}
          </option>
        ))}
      </select>
    </Field>
  );
}
