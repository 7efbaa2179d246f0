/** The application form's fields as the operations take them (empty means "not given"). */
export function applicationInput(form: FormData, { editing }: { editing: boolean }) {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const validity = text("defaultValidity");
  return {
    name: text("name"),
    ...(text("description") || editing ? { description: text("description") } : {}),
    tokenType: text("tokenType") || undefined,
    ...(validity ? { defaultValidity: Number(validity) } : {}),
    ...(text("tier") ? { tier: text("tier") } : {}),
  };
}
