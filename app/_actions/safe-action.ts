import { getLocale } from "next-intl/server";
import { z } from "@/lib/validation/zod";
import { requireUser } from "@/lib/accounts/current-user";
import type { Role } from "@/lib/accounts/roles";
import type { AccountUser } from "@/lib/accounts/users";
import { validationTranslator } from "@/lib/i18n/translator";
import { fieldErrors } from "@/lib/validation/forms";

// The one way a server action starts: role check → FormData → Zod schema → the action's body, or a FormState that
// names what was refused. Each action declares who may run it and its input once (as dub's `safe-action` does).
// next-safe-action was weighed: it answers in its own result shape, reads FormData through zod-form-data, and has
// no place for the typed values a refused form shows again; a small wrapper keeps the forms' FormState as it is.

/** What a form action answers: a message per field (`form`: the whole form), the values to show again, or ok. */
export type FormState = { errors?: Record<string, string>; values?: Record<string, string>; ok?: boolean };

/** A role the user must have (checked before anything is read), or "public" for sign-in, set-up and sign-out. */
export type Access = Role | "public";

export type ActionContext<A extends Access, Echo extends string> = {
  /** The signed-in user; null only for public actions. */
  user: A extends Role ? AccountUser : null;
  /** The echoed fields as typed (see `echo`). */
  values: Record<Echo, string>;
};

export type ActionSpec<A extends Access, S extends z.ZodType, Echo extends string> = {
  access: A;
  /** Where the login page sends the user back to when the role check sends them there (default "/"). */
  returnTo?: string;
  /** Fields shown again when the input is refused, read as text, each with its value when the form leaves it out. */
  echo?: Record<Echo, string>;
  /** Further fields handed to the schema as sent and never shown again (passwords, hidden ids). */
  fields?: readonly string[];
  /** The input schema; without one the action takes no input. */
  schema?: S;
  /** The answer to refused input, when the schema's first message per field is not the one to show. */
  invalid?: (errors: Record<string, string>) => FormState | Promise<FormState>;
};

type Input<S extends z.ZodType> = z.output<S>;

/** The schema of an action that takes no input. */
const NO_INPUT = z.object({});
type NoInput = typeof NO_INPUT;

async function begin<A extends Access, S extends z.ZodType, Echo extends string>(spec: ActionSpec<A, S, Echo>, form: FormData) {
  const user = (spec.access === "public" ? null : await requireUser(spec.access, spec.returnTo)) as ActionContext<A, Echo>["user"];
  const values = {} as Record<Echo, string>;
  for (const [name, absent] of Object.entries(spec.echo ?? {}) as Array<[Echo, string]>) {
    // Echoed fields are text inputs: a file sent under such a name (a hand-made request) is not shown again.
    const value = form.get(name);
    values[name] = typeof value === "string" ? value : absent;
  }
  const raw: Record<string, unknown> = { ...values };
  for (const name of spec.fields ?? []) raw[name] = form.get(name);
  const parsed = (spec.schema ?? NO_INPUT).safeParse(raw) as z.ZodSafeParseResult<Input<S>>;
  return { context: { user, values }, parsed };
}

/** An action for `useActionState`: refused input comes back as a FormState, the body answers one (or redirects). */
export function stateAction<A extends Access, S extends z.ZodType = NoInput, Echo extends string = never>(
  spec: ActionSpec<A, S, Echo>,
  run: (input: Input<S>, context: ActionContext<A, Echo>) => Promise<FormState>,
): (previous: FormState, form: FormData) => Promise<FormState> {
  return async (_previous, form) => {
    const { context, parsed } = await begin(spec, form);
    if (!parsed.success) {
      // Refusals in the reader's language: the same locale the page was drawn in.
      const errors = fieldErrors(parsed.error, validationTranslator(await getLocale()));
      if (spec.invalid) return spec.invalid(errors);
      return spec.echo ? { errors, values: context.values } : { errors };
    }
    return run(parsed.data, context);
  };
}

/**
 * A plain form action (a button with hidden inputs): nothing to answer. Input that does not parse can only come
 * from a hand-made request (the page writes the ids), so it does nothing rather than guess.
 */
export function formAction<A extends Access, S extends z.ZodType = NoInput, Echo extends string = never>(
  spec: ActionSpec<A, S, Echo>,
  run: (input: Input<S>, context: ActionContext<A, Echo>) => Promise<void>,
): (form: FormData) => Promise<void> {
  return async (form) => {
    const { context, parsed } = await begin(spec, form);
    if (parsed.success) await run(parsed.data, context);
  };
}
