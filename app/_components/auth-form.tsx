"use client";

import { useActionState } from "react";
import type { FormState } from "../_actions/safe-action";

type Field = { name: string; label: string; type: "email" | "password" | "text"; autoComplete: string };

/** Sign-in and first-start forms: fields, per-field messages, and a form-level message. */
export function AuthForm({
  action,
  fields,
  submit,
  hidden = {},
}: {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  fields: Field[];
  submit: string;
  hidden?: Record<string, string>;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  return (
    <form action={formAction} className="flex flex-col gap-3" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {fields.map((field) => (
        <label key={field.name} className="flex flex-col gap-1 text-sm font-medium text-stone-700">
          {field.label}
          <input
            name={field.name}
            type={field.type}
            autoComplete={field.autoComplete}
            defaultValue={field.type === "password" ? undefined : state.values?.[field.name]}
            aria-invalid={state.errors?.[field.name] ? true : undefined}
            className="rounded-md border border-stone-300 bg-white px-3 py-2 font-normal"
          />
          {state.errors?.[field.name] && (
            <span role="alert" className="text-sm font-normal text-red-700">
              {state.errors[field.name]}
            </span>
          )}
        </label>
      ))}
      {state.errors?.form && (
        <p role="alert" className="text-sm text-red-700">
          {state.errors.form}
        </p>
      )}
      <button type="submit" disabled={pending} className="rounded-md bg-kura-800 px-4 py-2 font-semibold text-white hover:bg-kura-900 disabled:opacity-60">
        {submit}
      </button>
    </form>
  );
}
